//! `tollgate diff`: per-project changes between a base commit and a head.

#![allow(clippy::unwrap_used)]

use predicates::str::contains;

use crate::harness::{GitRepo, MVP, OWNER, POC, TECH, record_poc_decision};

/// The PR of a technical lead: a new accuracy result that misses the threshold, plus the
/// owner's decision, a sign-off and a stage move, left uncommitted in the working tree.
fn pr_changes(repo: &GitRepo) {
    repo.edit(
        &format!("{POC}/results.yaml"),
        "successes: 156",
        "successes: 130",
    );
    repo.edit(
        &format!("{POC}/governance.yaml"),
        "    status: pending\n",
        "    status: agreed\n    agreed_at: 2026-11-01\n",
    );
    record_poc_decision(repo);
    repo.edit(&format!("{POC}/project.yaml"), "stage: poc", "stage: mvp");
}

#[test]
fn working_tree_against_head_as_json() {
    let repo = GitRepo::example();
    let base = repo.head();
    pr_changes(&repo);
    let out = repo.json(&["diff", "--format", "json"]);
    assert_eq!(out["base"]["commit"], base.as_str());
    assert_eq!(out["head"]["commit"], serde_json::Value::Null);
    assert_eq!(out["unchanged"], 1);
    let projects = out["projects"].as_array().unwrap();
    assert_eq!(projects.len(), 1);
    let p = &projects[0];
    assert_eq!(p["id"], "support-reply-drafts");
    assert_eq!(p["change"], "modified");
    assert_eq!(p["stage_change"]["from"], "poc");
    assert_eq!(p["stage_change"]["to"], "mvp");
    let accuracy = &p["kpis"][0];
    assert_eq!(accuracy["kpi"], "answer-accuracy");
    assert_eq!(accuracy["threshold"], 70.0);
    assert_eq!(accuracy["before"]["value"], 78.0);
    assert_eq!(accuracy["before"]["pass"], true);
    assert_eq!(accuracy["after"]["value"], 65.0);
    assert_eq!(accuracy["after"]["pass"], false);
    assert_eq!(accuracy["changed"], true);
    // Lower is better: 11.8 s against < 30 s passes, and did not change.
    let time = p["kpis"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["kpi"] == "response-time")
        .unwrap();
    assert_eq!(time["after"]["pass"], true);
    assert_eq!(time["changed"], false);
    assert_eq!(p["governance"][0]["id"], "prompt-audit-log");
    assert_eq!(p["governance"][0]["from"], "pending");
    assert_eq!(p["governance"][0]["to"], "agreed");
    assert_eq!(p["decisions_added"][0]["id"], "poc-gate");
    assert_eq!(p["decisions_rewritten"], serde_json::json!([]));
    // Both sides are evaluated: PoC accuracy 78% recommended continue at the PoC gate; the
    // project now sits at the MVP gate, for which it has no criteria, so nothing is recommended.
    let e = &p["evaluation"];
    assert_eq!(e["recommendation_before"], "continue", "{e:#}");
    assert_eq!(e["recommendation_after"], serde_json::Value::Null, "{e:#}");
    assert_eq!(e["gate"], "mvp");
    assert_eq!(e["gate_before"], "poc");
    let introduced: Vec<&str> = e["findings_introduced"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["code"].as_str())
        .collect();
    assert!(introduced.contains(&"gate-has-no-criteria"), "{e:#}");
}

#[test]
fn working_tree_against_head_as_text_and_markdown() {
    let repo = GitRepo::example();
    pr_changes(&repo);
    repo.tollgate(&["diff"])
        .assert()
        .success()
        .stdout(contains("1 project changed, 1 unchanged"))
        .stdout(contains(
            "support-reply-drafts — Reply drafts for customer-support inquiries (modified)",
        ))
        .stdout(contains("stage: PoC -> MVP"))
        // Each side's recommendation is named with its own gate.
        .stdout(contains(
            "recommendation: continue at the PoC gate -> none (cannot decide) at the MVP gate",
        ))
        .stdout(contains(
            "answer-accuracy at the PoC gate (>= 70% (stop at <= 40%)): 78% pass -> 65% fail",
        ))
        .stdout(contains(
            "response-time at the PoC gate (< 30 s (stop at >= 60 s)): 11.8 s pass -> 11.8 s pass  (unchanged)",
        ))
        .stdout(contains(
            "prompt-audit-log: pending -> agreed (approver nakamura-sho)",
        ))
        .stdout(contains(
            "poc-gate: PoC gate -> continue (by yamamoto-kenji, 2026-11-20)",
        ));
    let out = repo
        .tollgate(&["diff", "--format", "markdown"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let md = String::from_utf8(out.stdout).unwrap();
    let mut settings = insta::Settings::clone_current();
    settings.add_filter(r"\b[0-9a-f]{7}\b", "[commit]");
    settings.bind(|| insta::assert_snapshot!("diff_markdown", md));
}

#[test]
fn two_commits_only_changed_projects_are_loaded() {
    let repo = GitRepo::example();
    // A broken file in the untouched project, in both commits: were it loaded, it would count.
    repo.write(&format!("{MVP}/issues.yaml"), "issues: [\n");
    let base = repo.commit("Break the MVP project's issues", OWNER);
    record_poc_decision(&repo);
    let head = repo.commit("Record the PoC decision (#4)", OWNER);
    let out = repo.json(&["diff", &base, &head, "--format", "json"]);
    assert_eq!(out["head"]["commit"], head.as_str());
    let projects = out["projects"].as_array().unwrap();
    assert_eq!(projects.len(), 1);
    assert_eq!(projects[0]["id"], "support-reply-drafts");
    assert_eq!(projects[0]["head_errors"], 0);
    let rows = projects[0]["kpis"].as_array().unwrap();
    assert!(rows.iter().all(|r| r["changed"] == false), "{rows:?}");
    assert_eq!(projects[0]["decisions_added"][0]["id"], "poc-gate");
}

#[test]
fn nothing_changed() {
    let repo = GitRepo::example();
    repo.tollgate(&["diff"])
        .assert()
        .success()
        .stdout(contains("no project changed (2 unchanged)"));
}

#[test]
fn default_base_is_the_merge_base_with_github_base_ref() {
    let repo = GitRepo::example();
    let fork_point = repo.head();
    repo.git(&["checkout", "-q", "-b", "feature"]);
    record_poc_decision(&repo);
    repo.commit("Record the PoC decision", TECH);
    // main moves on after the branch was made.
    repo.git(&["checkout", "-q", "main"]);
    repo.edit(
        &format!("{MVP}/project.yaml"),
        "stage: mvp",
        "stage: production",
    );
    repo.commit("Move to production", OWNER);
    repo.git(&["checkout", "-q", "feature"]);
    let out = repo
        .tollgate(&["diff", "--format", "json"])
        .env("GITHUB_BASE_REF", "main")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = crate::harness::report_json(&out.stdout);
    assert_eq!(out["base"]["commit"], fork_point.as_str());
    let ids: Vec<&str> = out["projects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    // Only the branch's change, not main's later move of the other project.
    assert_eq!(ids, ["support-reply-drafts"]);
}

#[test]
fn unrelated_histories_are_an_input_error() {
    let repo = GitRepo::example();
    repo.git(&["checkout", "-q", "--orphan", "other"]);
    repo.commit("Unrelated root", OWNER);
    repo.tollgate(&["diff"])
        .env("GITHUB_BASE_REF", "main")
        .assert()
        .code(2)
        .stderr(contains("no common ancestor (unrelated histories)"));
}

#[test]
fn base_not_found_is_an_input_error() {
    let repo = GitRepo::example();
    repo.tollgate(&["diff", "no-such-branch"])
        .assert()
        .code(2)
        .stderr(contains("revision `no-such-branch` not found"));
}

#[test]
fn not_a_repository_is_an_input_error() {
    let dir = tempfile::tempdir().unwrap();
    tollgate::scaffold::write(dir.path(), false).unwrap();
    crate::harness::tollgate()
        .args(["diff", "--root"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(contains("is not inside a git repository"));
}

#[test]
fn renamed_and_deleted_project_folders() {
    let repo = GitRepo::example();
    let base = repo.head();
    repo.git(&[
        "mv",
        "projects/support-reply-drafts",
        "projects/reply-drafts",
    ]);
    repo.edit(
        "projects/reply-drafts/project.yaml",
        "id: support-reply-drafts",
        "id: reply-drafts",
    );
    repo.git(&["rm", "-q", "-r", MVP]);
    let head = repo.commit("Rename one project, drop the other", OWNER);
    let out = repo.json(&["diff", &base, &head, "--format", "json"]);
    let changes: Vec<(String, String)> = out["projects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["id"].as_str().unwrap().to_string(),
                p["change"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        changes,
        [
            ("contract-review-assist".into(), "removed".into()),
            ("reply-drafts".into(), "added".into()),
            ("support-reply-drafts".into(), "removed".into()),
        ]
    );
    assert_eq!(out["unchanged"], 0);
}

/// A copy of the MVP project as `projects/<name>`, with its id.
fn copy_project(repo: &GitRepo, name: &str) {
    for entry in std::fs::read_dir(repo.file(MVP)).unwrap() {
        let file = entry.unwrap().file_name().into_string().unwrap();
        let text = repo
            .read(&format!("{MVP}/{file}"))
            .replace("id: contract-review-assist", &format!("id: {name}"));
        repo.write(&format!("projects/{name}/{file}"), &text);
    }
}

/// Between two commits the projects are counted, not listed by name, when no link is in the
/// projects folder; with a link they are listed. Added, removed, hidden and unchanged folders
/// come out the same either way.
#[test]
fn unchanged_projects_between_commits_are_counted_as_listed() {
    for link in [false, true] {
        let repo = GitRepo::example();
        for name in ["p-a", "p-b", "p-c", "p-d"] {
            copy_project(&repo, name);
        }
        repo.write("projects/.archive/note.md", "old projects\n");
        repo.write("projects/README.md", "one folder per project\n");
        if link {
            std::os::unix::fs::symlink("p-c", repo.file("projects/alias")).unwrap();
        }
        repo.git(&["add", "-A"]);
        let base = repo.commit("More projects", OWNER);
        repo.edit(
            "projects/p-a/project.yaml",
            "stage: mvp",
            "stage: production",
        );
        repo.git(&["rm", "-q", "-r", "projects/p-b"]);
        copy_project(&repo, "p-e");
        repo.git(&["add", "-A"]);
        let head = repo.commit("Move one, drop one, add one", OWNER);
        let out = repo.json(&["diff", &base, &head, "--format", "json"]);
        let changes: Vec<(&str, &str)> = out["projects"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| (p["id"].as_str().unwrap(), p["change"].as_str().unwrap()))
            .collect();
        assert_eq!(
            changes,
            [("p-a", "modified"), ("p-b", "removed"), ("p-e", "added")],
            "link: {link}"
        );
        // The two example projects, p-c and p-d (and the link to p-c, a folder too).
        assert_eq!(out["unchanged"], if link { 5 } else { 4 }, "link: {link}");
    }
}

#[test]
fn detached_head_and_a_subfolder_root() {
    let outer = GitRepo::empty();
    tollgate::scaffold::write(&outer.file("governance"), false).unwrap();
    outer.write("README.md", "other content\n");
    let first = outer.commit("Add governance folder", OWNER);
    outer.edit(
        "governance/projects/support-reply-drafts/project.yaml",
        "stage: poc",
        "stage: mvp",
    );
    outer.commit("Move to MVP", OWNER);
    outer.git(&["checkout", "-q", "--detach", "HEAD"]);
    let mut cmd = crate::harness::tollgate();
    let out = cmd
        .args(["diff", &first, "HEAD", "--format", "json", "--root"])
        .arg(outer.file("governance"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = crate::harness::report_json(&out.stdout);
    assert_eq!(out["projects"][0]["stage_change"]["to"], "mvp");
}

#[test]
fn the_loader_reads_a_commit_like_the_working_tree_and_caches_by_blob() {
    use tollgate::history::Repo;
    use tollgate::load::{self, LoadOptions, ParseCache};

    let repo = GitRepo::example();
    let git = Repo::open(repo.path()).unwrap();
    let commit = git.source_at(git.head().unwrap()).unwrap();
    let cache = ParseCache::new();
    let from_git = load::load_with_cache(&commit, &LoadOptions::default(), &cache).unwrap();
    let parsed = cache.len();
    assert_eq!(
        parsed, 14,
        "tollgate.yaml, people.yaml and 2 x 6 project files, once each"
    );
    let again = load::load_with_cache(&commit, &LoadOptions::default(), &cache).unwrap();
    assert_eq!(cache.len(), parsed, "the second load parses nothing");
    let worktree = tollgate::source::WorkTree::open(repo.path()).unwrap();
    let from_disk = load::load(&worktree, &LoadOptions::default()).unwrap();
    for snap in [&again, &from_disk] {
        assert_eq!(snap.findings, from_git.findings);
        assert_eq!(snap.projects.len(), from_git.projects.len());
        assert_eq!(snap.files.len(), from_git.files.len());
    }
}

/// A large roster unchanged by the compared commits is read only as far as their projects
/// and commits name people; what `diff` reports is what reading it whole reports. The second
/// repository's roster is the same but for a comment on one line that holds a quote, which
/// makes tollgate read it whole. The change names a person nobody is (the suggestion comes
/// from the whole roster) and is committed under the tech lead's address in capitals.
#[test]
fn a_roster_read_in_part_reports_what_the_whole_roster_reports() {
    let fillers: String = (0..60)
        .map(|i| {
            format!(
                "\n  - id: filler-{i:02}\n    name: Filler {i}\n    emails: [filler{i}@example.com]\n"
            )
        })
        .collect();
    let run = |comment: &str| {
        let repo = GitRepo::example_with(|r| {
            r.append("people.yaml", &fillers);
            r.edit(
                "people.yaml",
                "    department: security\n",
                &format!("    department: security{comment}\n"),
            );
        });
        repo.edit(
            &format!("{POC}/project.yaml"),
            "tech_lead: suzuki-daisuke",
            "tech_lead: suzuki-daisuk",
        );
        record_poc_decision(&repo);
        repo.commit(
            "Record the PoC decision (#2)",
            ("Daisuke Suzuki", "DAISUKE.SUZUKI@EXAMPLE.COM"),
        );
        let ids = [repo.git(&["rev-parse", "HEAD~1"]), repo.head()];
        let outputs: Vec<String> = [&["--format", "json"][..], &[][..]]
            .iter()
            .map(|format| {
                let mut args = vec!["diff", "HEAD~1", "HEAD"];
                args.extend_from_slice(format);
                let out = repo.tollgate(&args).output().unwrap();
                let mut text = String::from_utf8(out.stdout).unwrap();
                for (n, id) in ids.iter().enumerate() {
                    text = text.replace(id.as_str(), &format!("<commit {n}>"));
                    text = text.replace(&id[..7], &format!("<short {n}>"));
                }
                format!("exit {:?}\n{text}", out.status.code())
            })
            .collect();
        outputs
    };
    let part = run("");
    let whole = run(" # the 'security' desk");
    assert_eq!(part, whole);
    // The reports say something worth comparing: the unknown tech lead and its suggestion.
    assert!(part[0].contains("suzuki-daisuk"), "{}", part[0]);
    assert!(
        part[0].contains("did you mean `suzuki-daisuke`?"),
        "{}",
        part[0]
    );
}
