//! Paths from tollgate.yaml: `projects_dir`, `people_file` and `policy_dir` must stay inside the
//! repository, and every mistake in them is reported in tollgate.yaml at the key.

use super::{only, with_file};
use crate::harness::GitRepo;
use crate::harness::{Repo, one, position};

/// Paths that leave the repository by their spelling are errors at their key; nothing outside
/// is listed or read (before, `projects_dir: ../../etc` listed the folders of /etc and
/// `people_file: /etc/passwd` was called a symbolic link).
#[test]
fn paths_leaving_the_repository_are_errors_at_their_key() {
    let repo = Repo::base();
    let config = "version: 1\nprojects_dir: ../../etc\npeople_file: /etc/passwd\n\
                  policy_dir: policies/../../..\n";
    repo.write("tollgate.yaml", config);
    let doc = repo.validate_json(1, &[]);
    let found = with_file(&doc, "tollgate.yaml");
    assert_eq!(found.len(), 3, "{doc:#}");
    for (key, value) in [
        ("projects_dir", "../../etc"),
        ("people_file", "/etc/passwd"),
        ("policy_dir", "policies/../../.."),
    ] {
        let (line, column) = position(config, &format!("{key}: {value}"));
        let at = column + u32::try_from(key.len()).expect("short") + 2;
        let f = found
            .iter()
            .find(|f| f["line"] == line)
            .unwrap_or_else(|| panic!("no finding for {key}: {doc:#}"));
        assert_eq!(f["code"], "invalid-value");
        assert_eq!(f["column"], at, "{f:#}");
        assert_eq!(
            f["message"],
            format!("\"{value}\" is not a path inside the repository")
        );
    }
    // The rest of the repository was read from the default places: nothing else is wrong, and
    // nothing of /etc was listed or read.
    only(&doc, "invalid-value");
}

/// A configured folder that is a file, or a link to a folder outside the repository, is an
/// error in tollgate.yaml at the key (before: "cannot list …", exit 2, naming no file).
#[cfg(unix)]
#[test]
fn configured_folders_that_cannot_be_listed_are_errors_in_tollgate_yaml() {
    let repo = Repo::base();
    let outside = tempfile::tempdir().expect("temporary directory");
    std::fs::create_dir(outside.path().join("leaked-project")).expect("mkdir");
    std::os::unix::fs::symlink(outside.path(), repo.file("elsewhere")).expect("symlink");
    let config = "version: 1\nprojects_dir: people.yaml\npolicy_dir: elsewhere\n";
    repo.write("tollgate.yaml", config);
    let run = repo.validate(&[]);
    run.expect_code(1);
    assert!(!run.stdout.contains("leaked-project"), "{}", run.stdout);
    let doc = repo.validate_json(1, &[]);
    let (line, column) = position(config, "people.yaml");
    let f = one(&doc, "file-unreadable", ("tollgate.yaml", line, column));
    assert!(
        f["message"].as_str().is_some_and(
            |m| m.starts_with("`projects_dir` in tollgate.yaml: cannot list `people.yaml`")
        ),
        "{f:#}"
    );
    let (line, column) = position(config, "elsewhere");
    let f = one(
        &doc,
        "symlink-outside-root",
        ("tollgate.yaml", line, column),
    );
    assert!(
        f["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("`policy_dir` in tollgate.yaml: `elsewhere` is refused")),
        "{f:#}"
    );
    // No separate "no projects" warning: the finding above says why.
    assert_eq!(crate::harness::codes(&doc).len(), 2, "{doc:#}");
}

/// `diff` and `log` read tollgate.yaml too; a committed path outside the repository must not
/// make them list what is there.
#[test]
fn diff_and_log_ignore_configured_paths_outside_the_repository() {
    let repo = GitRepo::example();
    // A sibling of the repository's folder, named after it so that runs do not collide.
    let name = format!(
        "{}-outside",
        repo.path()
            .file_name()
            .expect("a folder name")
            .to_string_lossy()
    );
    let outside = repo.path().join("..").join(&name);
    std::fs::create_dir_all(outside.join("leaked-project")).expect("mkdir");
    repo.write(
        "tollgate.yaml",
        &repo.read("tollgate.yaml").replace(
            "projects_dir: projects",
            &format!("projects_dir: ../{name}"),
        ),
    );
    repo.commit("Move the projects (#2)", crate::harness::OWNER);
    for args in [
        vec!["diff", "HEAD~1", "--format", "json"],
        vec!["log", "--format", "json"],
    ] {
        let out = repo.tollgate(&args).output().expect("runs");
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(matches!(out.status.code(), Some(0..=2)), "{args:?}: {text}");
        assert!(!text.contains("leaked-project\""), "{args:?}: {text}");
    }
    let _ = std::fs::remove_dir_all(&outside);
}

/// `history_since` naming no revision is an input error that says it comes from tollgate.yaml.
#[test]
fn a_history_since_naming_nothing_is_said_to_come_from_tollgate_yaml() {
    let repo = GitRepo::example();
    repo.append("tollgate.yaml", "history_since: no-such-revision\n");
    repo.commit("Start the checks later (#2)", crate::harness::OWNER);
    let out = repo
        .tollgate(&["check", "--now", "2026-11-28"])
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("cannot check the history")
            && stderr
                .contains("revision `no-such-revision` not found (tollgate.yaml `history_since`)"),
        "{stderr}"
    );
}
