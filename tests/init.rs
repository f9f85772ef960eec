//! `tollgate init [DIR] [--force]`: the example repository, which must itself validate.

use std::path::Path;

use crate::harness::{Repo, assert_diagnostic, position, run, run_cmd, tollgate};

const GOVERNANCE: &str = "projects/support-reply-drafts/governance.yaml";

/// What `init` writes: the 16 files of the example, `.vscode/`'s 2 and the 9 editor schemas.
const WRITTEN: usize = 27;

/// The example as shipped in `scaffold/` (the bytes `init` embeds).
fn shipped(rel: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scaffold")
        .join(rel);
    std::fs::read_to_string(path).expect("scaffold file")
}

/// `tollgate init <tmp>/demo`, asserting success; returns the repo and the demo path.
fn init_demo() -> (Repo, String) {
    let repo = Repo::empty();
    let demo = repo.file("demo").display().to_string();
    let run = run(&["init", &demo]);
    run.expect_code(0);
    assert!(
        run.stdout
            .starts_with(&format!("wrote {WRITTEN} files to {demo}\n")),
        "{}",
        run.stdout
    );
    (repo, demo)
}

#[test]
fn init_writes_an_example_that_validates() {
    let (repo, demo) = init_demo();
    for rel in [
        "tollgate.yaml",
        "people.yaml",
        "README.md",
        ".github/workflows/tollgate.yml",
        GOVERNANCE,
        "projects/contract-review-assist/kpis.yaml",
    ] {
        assert!(repo.file("demo").join(rel).is_file(), "{rel} not written");
    }
    assert_eq!(
        repo.read(&format!("demo/{GOVERNANCE}")),
        shipped(GOVERNANCE)
    );

    let run = run(&["validate", "--root", &demo]);
    run.expect_code(0);
    assert_eq!(
        run.stdout,
        "valid: 14 files, 2 projects (0 errors, 0 warnings)\n"
    );
    let run = crate::harness::run(&["validate", "--root", &demo, "--format", "json"]);
    run.expect_code(0);
    let doc = crate::harness::report_json(run.stdout.as_bytes());
    assert_eq!(doc["valid"], true);
    assert_eq!(doc["findings"], serde_json::json!([]));
}

#[test]
fn init_without_dir_writes_into_the_current_directory() {
    let repo = Repo::empty();
    let run = run_cmd(tollgate().current_dir(repo.path()).arg("init"));
    run.expect_code(0);
    assert!(repo.file("people.yaml").is_file());
    assert!(repo.file(GOVERNANCE).is_file());
    run_cmd(tollgate().current_dir(repo.path()).arg("validate")).expect_code(0);
}

#[test]
fn init_refuses_to_overwrite_and_changes_nothing() {
    let (repo, demo) = init_demo();
    let edited = format!(
        "{}# a local note\n",
        repo.read(&format!("demo/{GOVERNANCE}"))
    );
    repo.write(&format!("demo/{GOVERNANCE}"), &edited);
    // One file gone: a refused init must not write it back either.
    let removed = repo.file("demo/projects/support-reply-drafts/issues.yaml");
    std::fs::remove_file(&removed).expect("remove");

    let run = run(&["init", &demo]);
    run.expect_code(2);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.contains(&format!(
            "error: refusing to overwrite {} existing file(s):",
            WRITTEN - 1
        )) && run.stderr.contains("governance.yaml")
            && run.stderr.contains("use --force to overwrite them"),
        "{}",
        run.stderr
    );
    assert_eq!(repo.read(&format!("demo/{GOVERNANCE}")), edited);
    assert!(!removed.exists(), "a refused init wrote a file");
}

#[test]
fn init_force_overwrites() {
    let (repo, demo) = init_demo();
    repo.write(&format!("demo/{GOVERNANCE}"), "items: []\n");
    let run = run(&["init", &demo, "--force"]);
    run.expect_code(0);
    assert_eq!(
        repo.read(&format!("demo/{GOVERNANCE}")),
        shipped(GOVERNANCE)
    );
}

#[test]
fn misspelt_status_in_the_example_is_located_with_a_suggestion() {
    let (repo, demo) = init_demo();
    let rel = format!("demo/{GOVERNANCE}");
    let original = repo.read(&rel);
    assert!(original.contains("status: agreed"));
    let broken = original.replacen("status: agreed", "status: agred", 1);
    repo.write(&rel, &broken);
    let (line, col) = position(&broken, "agred\n");
    let source_line = broken
        .lines()
        .nth(usize::try_from(line - 1).expect("small"))
        .expect("line exists");

    let run = run(&["validate", "--root", &demo]);
    run.expect_code(1);
    assert_diagnostic(
        &run.stdout,
        "invalid-value",
        (GOVERNANCE, line, col),
        &[
            "\"agred\" is not one of: pending, agreed, rejected, waived",
            source_line,
            "did you mean `agreed`?",
        ],
    );
    assert!(
        run.stdout
            .ends_with("invalid: 1 error, 0 warnings in 14 files read\n"),
        "{}",
        run.stdout
    );
}

/// `tollgate init --git ARGS DIR` with git's configuration limited to `home` (no user identity
/// unless the test writes one there).
fn init_git(home: &Path, dir: &Path, args: &[&str]) -> crate::harness::Run {
    run_cmd(
        tollgate()
            .args(["init", "--git"])
            .args(args)
            .arg(dir)
            .env("HOME", home)
            .env("XDG_CONFIG_HOME", home.join(".config"))
            .env("GIT_CONFIG_NOSYSTEM", "1"),
    )
}

fn git_log(dir: &Path, format: &str) -> String {
    let out = std::process::Command::new("git")
        .args(["log", &format!("--format={format}")])
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .expect("git runs");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

#[test]
fn init_git_commits_the_example_so_the_history_checks_run() {
    let repo = Repo::empty();
    let demo = repo.file("demo");
    let run = init_git(
        repo.path(),
        &demo,
        &["--author", "Kenji Yamamoto <kenji.yamamoto@example.com>"],
    );
    run.expect_code(0);
    let id = git_log(&demo, "%H");
    assert_eq!(id.lines().count(), 1, "one commit: {id}");
    assert!(
        run.stdout.contains(&format!(
            "committed them on branch main as {id} by Kenji Yamamoto <kenji.yamamoto@example.com>"
        )),
        "{}",
        run.stdout
    );
    assert_eq!(
        git_log(&demo, "%an <%ae>|%cn <%ce>"),
        "Kenji Yamamoto <kenji.yamamoto@example.com>|Kenji Yamamoto <kenji.yamamoto@example.com>"
    );
    let files = std::process::Command::new("git")
        .args(["ls-tree", "-r", "--name-only", "main"])
        .current_dir(&demo)
        .output()
        .expect("git runs");
    assert_eq!(
        String::from_utf8_lossy(&files.stdout).lines().count(),
        WRITTEN
    );
    let status = std::process::Command::new("git")
        .args(["status", "--porcelain"])
        .current_dir(&demo)
        .output()
        .expect("git runs");
    assert_eq!(
        String::from_utf8_lossy(&status.stdout),
        "",
        "nothing left uncommitted"
    );

    // The history checks run (and find nothing) instead of reporting the history unavailable.
    let check = run_cmd(
        tollgate()
            .args(["check", "--format", "json", "--now", "2026-11-28", "--root"])
            .arg(&demo),
    );
    let doc: serde_json::Value = serde_json::from_str(&check.stdout).expect("JSON");
    let codes = crate::harness::codes(&doc);
    assert!(
        !codes.iter().any(|c| c.starts_with("history-")),
        "{codes:?}"
    );
}

#[test]
fn init_git_takes_the_identity_from_git_config_or_refuses_without_one() {
    let repo = Repo::empty();
    // No identity anywhere: nothing is written.
    let run = init_git(repo.path(), &repo.file("none"), &[]);
    run.expect_code(2);
    assert!(
        run.stderr
            .contains("no identity for the first commit: pass --author 'Name <email>'"),
        "{}",
        run.stderr
    );
    assert!(!repo.file("none").exists(), "nothing written");
    let run = init_git(repo.path(), &repo.file("bad"), &["--author", "just a name"]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("is not of the form `Name <email>`"),
        "{}",
        run.stderr
    );

    repo.write(
        ".gitconfig",
        "[user]\n\tname = Sho Nakamura\n\temail = sho.nakamura@example.com\n",
    );
    let demo = repo.file("demo");
    init_git(repo.path(), &demo, &[]).expect_code(0);
    assert_eq!(
        git_log(&demo, "%an <%ae>"),
        "Sho Nakamura <sho.nakamura@example.com>"
    );

    // Inside an existing repository: refused, the files left unwritten.
    let inner = demo.join("nested");
    let run = init_git(repo.path(), &inner, &[]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("is already inside the git repository"),
        "{}",
        run.stderr
    );
    assert!(!inner.exists());
    // --author needs --git.
    let run = run_cmd(
        tollgate()
            .args(["init", "--author", "A <a@b.c>"])
            .arg(repo.file("x")),
    );
    run.expect_code(2);
}

/// A checkout `init --force` runs over may hold links a pull request committed: a linked file
/// is replaced (its target untouched), and a linked folder stops the run before any write.
#[cfg(unix)]
#[test]
fn init_force_never_writes_through_a_symbolic_link() {
    let (repo, demo) = init_demo();
    let outside = Repo::empty();
    outside.write("victim.yaml", "kept: true\n");
    let linked_file = repo.file(&format!("demo/{GOVERNANCE}"));
    std::fs::remove_file(&linked_file).expect("remove");
    std::os::unix::fs::symlink(outside.file("victim.yaml"), &linked_file).expect("link");

    run(&["init", &demo, "--force"]).expect_code(0);
    assert_eq!(outside.read("victim.yaml"), "kept: true\n");
    assert!(!linked_file.symlink_metadata().expect("meta").is_symlink());
    assert_eq!(
        repo.read(&format!("demo/{GOVERNANCE}")),
        shipped(GOVERNANCE)
    );

    let folder = repo.file("demo/projects/contract-review-assist");
    std::fs::remove_dir_all(&folder).expect("remove folder");
    std::fs::create_dir_all(outside.file("elsewhere")).expect("mkdir");
    std::os::unix::fs::symlink(outside.file("elsewhere"), &folder).expect("link");
    repo.write(&format!("demo/{GOVERNANCE}"), "items: []\n");

    let run = run(&["init", &demo, "--force"]);
    run.expect_code(2);
    assert!(
        run.stderr
            .contains("contract-review-assist is a symbolic link; refusing to write through it"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_dir(outside.file("elsewhere"))
            .expect("read")
            .count(),
        0,
        "init wrote through the linked folder"
    );
    assert_eq!(
        repo.read(&format!("demo/{GOVERNANCE}")),
        "items: []\n",
        "a refused init wrote a file"
    );
}

/// The README's quick start, run as written after its `cargo install` (from a folder that is a
/// git checkout, as a clone of tollgate is), must end clean: every command exits 0 and the
/// check says what the README says. Only `--now` is added, so the example's dates do not age.
#[test]
fn readme_quick_start_runs_as_documented() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md");
    let line = readme
        .lines()
        .find(|l| l.starts_with("cargo install --locked --path . && "))
        .expect("the quick start's command line");
    let commands: Vec<Vec<String>> = line
        .split(" && ")
        .skip(1)
        .map(|command| {
            shell_words(
                command
                    .strip_prefix("tollgate ")
                    .expect("a tollgate command"),
            )
        })
        .collect();
    assert_eq!(commands.len(), 2, "{line}");

    let outer = Repo::empty();
    let clone = outer.file("tollgate");
    std::fs::create_dir_all(&clone).expect("mkdir");
    let git = std::process::Command::new("git")
        .args(["init", "-q"])
        .current_dir(&clone)
        .status()
        .expect("git runs");
    assert!(git.success());

    let mut last = String::new();
    for (i, args) in commands.iter().enumerate() {
        let mut args: Vec<&str> = args.iter().map(String::as_str).collect();
        if args[0] == "check" {
            args.extend(["--now", "2026-11-30"]);
        }
        let out = tollgate()
            .args(&args)
            .current_dir(&clone)
            .output()
            .expect("tollgate runs");
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        assert_eq!(
            out.status.code(),
            Some(0),
            "command {i} {args:?}:\n{stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        last = stdout;
    }
    assert!(
        last.ends_with("2 projects: 2 ready, 0 blocked; 0 errors, 2 warnings (as of 2026-11-30)\n"),
        "{last}"
    );
    assert!(!last.contains("signoff-unverified"), "{last}");
    assert!(
        readme.contains("`2 projects: 2 ready, 0 blocked; 0\nerrors, 2 warnings`"),
        "the README states the summary line the test checks"
    );
}

/// Splits a command line at spaces, keeping single-quoted parts whole (all the README uses).
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '\'' => quoted = !quoted,
            ' ' if !quoted => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
            c => word.push(c),
        }
    }
    assert!(!quoted, "unbalanced quote in {line}");
    if !word.is_empty() {
        words.push(word);
    }
    words
}
