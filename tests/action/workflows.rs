//! The workflow `tollgate init` writes and the action's metadata: what makes them safe and
//! working, checked on the files as shipped (CI also runs actionlint and the SchemaStore schemas
//! on them).

use std::path::Path;

use serde_json::Value;

fn yaml(rel: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    let text = std::fs::read_to_string(&path).expect("shipped file");
    serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn steps(doc: &Value) -> Vec<Value> {
    doc["jobs"]["tollgate"]["steps"]
        .as_array()
        .cloned()
        .expect("steps")
}

#[test]
fn init_workflow_pins_this_release_of_the_action() {
    let doc = yaml("scaffold/.github/workflows/tollgate.yml");
    let repository = env!("CARGO_PKG_REPOSITORY")
        .strip_prefix("https://github.com/")
        .expect("a GitHub repository in Cargo.toml");
    let pinned = format!("{repository}@v{}", env!("CARGO_PKG_VERSION"));
    let uses: Vec<String> = steps(&doc)
        .iter()
        .filter_map(|s| s["uses"].as_str().map(str::to_string))
        .collect();
    assert!(
        uses.contains(&pinned),
        "the workflow must use {pinned} (bump it with the version): {uses:?}"
    );
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("scaffold/.github/workflows/tollgate.yml"),
    )
    .expect("read");
    assert!(
        !text.contains("cargo"),
        "nothing is built or installed with cargo"
    );
}

#[test]
fn init_workflow_runs_on_pull_requests_and_merge_queues_with_bounds() {
    let doc = yaml("scaffold/.github/workflows/tollgate.yml");
    let on = doc["on"].as_object().expect("`on` is a map");
    let mut events: Vec<&str> = on.keys().map(String::as_str).collect();
    events.sort_unstable();
    assert_eq!(events, ["merge_group", "pull_request"]);
    // A group valid for every event: merge-queue runs have no pull request number.
    let group = doc["concurrency"]["group"].as_str().expect("group");
    assert!(
        group.contains("github.event.pull_request.number || github.ref"),
        "{group}"
    );
    let job = &doc["jobs"]["tollgate"];
    assert!(job["timeout-minutes"].as_u64().is_some_and(|m| m <= 30));
    let checkout = steps(&doc)
        .into_iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("actions/checkout@"))
        })
        .expect("checkout");
    let major: u32 = checkout["uses"].as_str().expect("uses")["actions/checkout@v".len()..]
        .parse()
        .expect("a major version tag");
    assert!(major >= 5, "actions/checkout v5 or later runs on Node 24");
    assert_eq!(checkout["with"]["fetch-depth"], 0);
    assert_eq!(doc["permissions"]["contents"], "read");
}

#[test]
fn the_action_installs_before_reading_the_workspace_and_declares_its_outputs() {
    let action = yaml("action.yml");
    let steps = action["runs"]["steps"].as_array().expect("steps");
    let names: Vec<&str> = steps.iter().filter_map(|s| s["name"].as_str()).collect();
    let first_in_workspace = steps
        .iter()
        .position(|s| s["run"].is_string() && s["working-directory"].is_null())
        .expect("a step in the workspace");
    for step in &steps[..first_in_workspace] {
        if let Some(run) = step["run"].as_str() {
            assert_eq!(step["working-directory"], "${{ runner.temp }}", "{run}");
            assert!(run.starts_with("bash \"$TOLLGATE_ACTION_PATH/scripts/install-tollgate.sh\""));
        }
    }
    assert!(
        names[first_in_workspace..]
            .iter()
            .all(|n| !n.contains("Install") && !n.contains("Build")),
        "{names:?}"
    );
    let outputs = action["outputs"].as_object().expect("outputs");
    for name in ["blocking", "errors", "warnings", "sarif", "json"] {
        assert_eq!(
            outputs[name]["value"],
            format!("${{{{ steps.run.outputs.{name} }}}}"),
            "{name}"
        );
    }
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("action.yml"))
        .expect("read");
    assert!(
        !text.contains("cargo "),
        "cargo runs only inside the install script"
    );
}

#[test]
fn pre_commit_hooks_run_existing_commands_on_the_governance_files() {
    let hooks = yaml(".pre-commit-hooks.yaml");
    let hooks = hooks.as_array().expect("a list of hooks");
    let mut ids: Vec<&str> = hooks.iter().filter_map(|h| h["id"].as_str()).collect();
    assert_eq!(ids.len(), hooks.len(), "every hook has an id");
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), hooks.len(), "ids are unique");
    for hook in hooks {
        for key in ["name", "entry", "language", "files"] {
            assert!(hook[key].is_string(), "{key} in {hook}");
        }
        assert_eq!(
            hook["pass_filenames"], false,
            "tollgate reads the whole repository"
        );
        let entry = hook["entry"].as_str().expect("entry");
        let command: Vec<&str> = entry.split_whitespace().collect();
        assert_eq!(command[0], "tollgate", "{entry}");
        // The command exists and a fresh example passes it.
        let dir = tempfile::tempdir().expect("tempdir");
        crate::harness::run(&["init", &dir.path().display().to_string()]).expect_code(0);
        let run = crate::harness::run_cmd(
            crate::harness::tollgate()
                .args(&command[1..])
                .current_dir(dir.path()),
        );
        assert!(
            run.code == 0,
            "`{entry}` in a fresh example: {}{}",
            run.stdout,
            run.stderr
        );
    }
}

#[test]
fn the_release_builds_every_target_the_install_script_asks_for() {
    let release = yaml(".github/workflows/release.yml");
    let mut built: Vec<String> = release["jobs"]["build"]["strategy"]["matrix"]["include"]
        .as_array()
        .expect("matrix")
        .iter()
        .filter_map(|entry| entry["target"].as_str().map(str::to_string))
        .collect();
    built.sort();
    let script = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/install-tollgate.sh"),
    )
    .expect("script");
    let mut asked: Vec<String> = script
        .lines()
        .filter_map(|l| l.split_once(") target=").map(|(_, t)| t))
        .map(|t| t.trim_end_matches(" ;;").to_string())
        .filter(|t| !t.starts_with('"'))
        .collect();
    asked.sort();
    assert_eq!(built, asked);
    assert_eq!(built.len(), 5);
    // The names the script downloads are the names the release attaches.
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(".github/workflows/release.yml"),
    )
    .expect("release.yml");
    for name in [
        "dist/tollgate-$TARGET.tar.gz",
        "dist/tollgate-$TARGET.zip",
        "> sha256.sum",
    ] {
        assert!(text.contains(name), "{name}");
    }
    for name in [
        "archive=\"tollgate-$target.tar.gz\"",
        "archive=\"tollgate-$target.zip\"",
        "$url/sha256.sum",
    ] {
        assert!(script.contains(name), "{name}");
    }
}

/// The HTML report is kept as a build artifact of every run (issue 15), written with the binary
/// the action installed and verified (never one built or installed from the pull request), and
/// also when the gate blocks.
#[test]
fn init_workflow_keeps_the_html_report_as_an_artifact() {
    let doc = yaml("scaffold/.github/workflows/tollgate.yml");
    let steps = steps(&doc);
    let action = steps
        .iter()
        .position(|s| s["uses"].as_str().is_some_and(|u| u.contains("/tollgate@")))
        .expect("the tollgate action");
    assert_eq!(steps[action]["id"], "tollgate");
    let write = steps
        .iter()
        .position(|s| {
            s["run"]
                .as_str()
                .is_some_and(|r| r.contains(" report --out "))
        })
        .expect("a step writing the report");
    assert!(
        write > action,
        "the report is written after the action installed tollgate"
    );
    assert_eq!(
        steps[write]["env"]["TOLLGATE"],
        "${{ steps.tollgate.outputs.tollgate-path }}"
    );
    let upload = steps
        .iter()
        .position(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("actions/upload-artifact@"))
        })
        .expect("an artifact upload");
    assert!(upload > write);
    for step in [&steps[write], &steps[upload]] {
        let condition = step["if"].as_str().expect("a condition");
        assert!(
            condition.contains("!cancelled()"),
            "runs when the gate blocks: {condition}"
        );
    }
}

/// The action's "Check the gates" step, run as the runner runs it (its script, with the
/// environment its `env:` gives it) on a real repository whose committed state is blocked while
/// the workspace holds the sign-off put back by an earlier step: by default the commit is judged
/// and the step fails; with `rev` empty the workspace is judged; `--rev` in args wins.
#[test]
fn the_action_judges_the_checked_out_commit_not_files_written_beside_it() {
    use crate::harness::{GitRepo, NOW, OWNER, POC};

    let action = yaml("action.yml");
    assert_eq!(action["inputs"]["rev"]["default"], "HEAD");
    let step = action["runs"]["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .find(|s| s["id"] == "run")
        .expect("the step that checks")
        .clone();
    assert_eq!(step["env"]["TOLLGATE_REV"], "${{ inputs.rev }}");
    let script = step["run"].as_str().expect("run");

    let repo = GitRepo::example();
    let file = format!("{POC}/governance.yaml");
    let agreed = repo.read(&file);
    repo.edit(
        &file,
        "    approver: ito-naoki\n    status: agreed\n    agreed_at: 2026-08-27\n    evidence: https://wiki.example.com/security/reviews/sec-2026-118\n",
        "    approver: ito-naoki\n    status: pending\n",
    );
    repo.commit("Security review reopened", OWNER);
    repo.write(&file, &agreed);

    let temp = tempfile::tempdir().expect("tempdir");
    let run = |rev: &str, args: &str| {
        let outputs = temp.path().join("outputs");
        std::fs::write(&outputs, "").expect("write");
        let mut cmd = std::process::Command::new("bash");
        cmd.arg("-e").arg("-c").arg(script).env_clear();
        for keep in ["PATH", "HOME"] {
            if let Some(value) = std::env::var_os(keep) {
                cmd.env(keep, value);
            }
        }
        let out = cmd
            .env("TOLLGATE", env!("CARGO_BIN_EXE_tollgate"))
            .env("TOLLGATE_ROOT", repo.path())
            .env("TOLLGATE_COMMENT_ID", "default")
            .env("TOLLGATE_ARGS", format!("--now {NOW} {args}"))
            .env("TOLLGATE_REV", rev)
            .env("TOLLGATE_PR_EVENT", "false")
            .env("RUNNER_TEMP", temp.path())
            .env("GITHUB_OUTPUT", &outputs)
            .env("GITHUB_STEP_SUMMARY", temp.path().join("summary"))
            .output()
            .expect("bash runs");
        let written = std::fs::read_to_string(&outputs).expect("outputs");
        let blocking = written
            .lines()
            .find_map(|l| l.strip_prefix("blocking="))
            .unwrap_or_else(|| {
                panic!(
                    "no blocking output: {written}\n{}",
                    String::from_utf8_lossy(&out.stderr)
                )
            })
            .to_string();
        (out.status.code(), blocking)
    };
    assert_eq!(run("HEAD", ""), (Some(1), "true".to_string()));
    assert_eq!(run("", ""), (Some(0), "false".to_string()));
    // The import commit, before the review was reopened: args choose it over the input.
    assert_eq!(run("HEAD", "--rev HEAD~1"), (Some(0), "false".to_string()));
}
