//! Hostile files: too large, links leading outside the repository, and things that are not
//! regular files at all.

use super::{only, with_file};
use crate::harness::{Repo, assert_diagnostic, one};

#[test]
fn file_above_the_default_4_mib_cap_is_refused_unread() {
    let repo = Repo::base();
    let cap: usize = 4 * 1024 * 1024;
    let mut text = String::from("results: []\n");
    // Comment lines, so the file would be valid YAML if it were read.
    while text.len() <= cap {
        text.push_str("# padding padding padding padding padding padding padding padding\n");
    }
    let size = text.len();
    repo.write("projects/alpha/results.yaml", &text);
    let run = repo.validate(&[]);
    run.expect_code(1);
    assert_diagnostic(
        &run.stdout,
        "file-too-large",
        ("projects/alpha/results.yaml", 1, 1),
        &[&format!(
            "the file is {size} bytes, more than the cap of 4194304 bytes"
        )],
    );
    let doc = repo.validate_json(1, &[]);
    only(&doc, "file-too-large");

    // A larger cap from the command line lets the same file through.
    repo.validate(&["--max-file-bytes", &size.to_string()])
        .expect_code(0);
}

#[cfg(unix)]
#[test]
fn symlink_outside_the_root_is_refused() {
    let repo = Repo::base();
    // A valid file, so the refusal can only be about where it is.
    let outside = tempfile::tempdir().expect("temporary directory");
    let target = outside.path().join("governance.yaml");
    std::fs::copy(repo.file("projects/alpha/governance.yaml"), &target).expect("copy");
    let link = repo.file("projects/alpha/governance.yaml");
    std::fs::remove_file(&link).expect("remove");
    std::os::unix::fs::symlink(&target, &link).expect("symlink");

    let run = repo.validate(&[]);
    run.expect_code(1);
    assert_diagnostic(
        &run.stdout,
        "symlink-outside-root",
        ("projects/alpha/governance.yaml", 1, 1),
        &[
            "is refused: it is a symbolic link to",
            "outside the repository",
        ],
    );
    let doc = repo.validate_json(1, &[]);
    only(&doc, "symlink-outside-root");
}

#[cfg(unix)]
#[test]
fn symlink_inside_the_root_is_followed() {
    let repo = Repo::base();
    repo.write("shared/issues.yaml", "issues: []\n");
    let link = repo.file("projects/alpha/issues.yaml");
    std::fs::remove_file(&link).expect("remove");
    std::os::unix::fs::symlink("../../shared/issues.yaml", &link).expect("symlink");
    repo.validate(&[]).expect_code(0);
}

#[cfg(unix)]
#[test]
fn symlinked_directory_outside_the_root_is_refused() {
    let repo = Repo::base();
    let outside = tempfile::tempdir().expect("temporary directory");
    let beta = outside.path().join("beta");
    std::fs::create_dir(&beta).expect("mkdir");
    for name in [
        "project.yaml",
        "kpis.yaml",
        "results.yaml",
        "governance.yaml",
        "decisions.yaml",
        "issues.yaml",
    ] {
        let text = repo.read(&format!("projects/alpha/{name}"));
        std::fs::write(beta.join(name), text.replace("id: alpha", "id: beta")).expect("write");
    }
    std::os::unix::fs::symlink(&beta, repo.file("projects/beta")).expect("symlink");
    let doc = repo.validate_json(1, &[]);
    // One finding for the folder: it is not listed, so no name from outside is shown.
    let refused = one(&doc, "symlink-outside-root", ("projects/beta", 1, 1));
    assert_eq!(refused["project"], "beta", "{doc:#}");
    assert!(
        refused["message"]
            .as_str()
            .is_some_and(|m| m.contains("outside the repository")),
        "{refused:#}"
    );
    only(&doc, "symlink-outside-root");
}

/// What a named pipe, a socket, a folder or a link to one of them in place of a file does: a
/// `file-unreadable` finding naming the file, at once. Before, a pipe blocked the run forever.
#[cfg(unix)]
#[test]
fn pipes_sockets_and_folders_in_place_of_files_are_refused_without_blocking() {
    use std::os::unix::fs::symlink;
    let repo = Repo::base();
    repo.write("tollgate.yaml", "version: 1\n");
    repo.write("policies/org.yaml", "version: 1\nrules: []\n");
    let fifo = |rel: &str| {
        let path = repo.file(rel);
        std::fs::remove_file(&path).expect("remove");
        let made = std::process::Command::new("mkfifo")
            .arg(&path)
            .status()
            .expect("mkfifo runs");
        assert!(made.success(), "mkfifo {rel}");
    };
    fifo("people.yaml");
    fifo("tollgate.yaml");
    fifo("projects/alpha/kpis.yaml");
    fifo("policies/org.yaml");
    // A socket, a folder, and a link (inside the repository) to a pipe.
    std::fs::remove_file(repo.file("projects/alpha/results.yaml")).expect("remove");
    let _socket = std::os::unix::net::UnixListener::bind(repo.file("projects/alpha/results.yaml"))
        .expect("socket");
    std::fs::remove_file(repo.file("projects/alpha/issues.yaml")).expect("remove");
    std::fs::create_dir(repo.file("projects/alpha/issues.yaml")).expect("mkdir");
    std::fs::remove_file(repo.file("projects/alpha/decisions.yaml")).expect("remove");
    std::fs::create_dir(repo.file("pipes")).expect("mkdir");
    let made = std::process::Command::new("mkfifo")
        .arg(repo.file("pipes/decisions"))
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    symlink(
        "../../pipes/decisions",
        repo.file("projects/alpha/decisions.yaml"),
    )
    .expect("link");

    // A run that blocked on a pipe would be killed here and fail the test; no timing is judged.
    let out = crate::harness::tollgate()
        .args(["validate", "--format", "json", "--root"])
        .arg(repo.path())
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    for (file, what) in [
        ("tollgate.yaml", "a named pipe (FIFO)"),
        ("people.yaml", "a named pipe (FIFO)"),
        ("policies/org.yaml", "a named pipe (FIFO)"),
        ("projects/alpha/kpis.yaml", "a named pipe (FIFO)"),
        ("projects/alpha/results.yaml", "a socket"),
        ("projects/alpha/issues.yaml", "a directory"),
        ("projects/alpha/decisions.yaml", "a named pipe (FIFO)"),
    ] {
        // `check-skipped` says what the refused file kept from being checked; not a 2nd problem.
        let found: Vec<_> = with_file(&doc, file)
            .into_iter()
            .filter(|f| f["code"] != "check-skipped")
            .collect();
        assert_eq!(found.len(), 1, "{file}: {doc:#}");
        assert_eq!(found[0]["code"], "file-unreadable", "{file}: {doc:#}");
        assert_eq!(
            found[0]["message"],
            format!("`{file}` is refused: it is {what}, not a regular file"),
            "{file}"
        );
    }
    // The project file that is a regular file is still read and checked.
    assert!(
        with_file(&doc, "projects/alpha/project.yaml").is_empty(),
        "{doc:#}"
    );

    // `check` reads the same files the same way; a policy it cannot read is an input error
    // that names the file.
    let check = crate::harness::tollgate()
        .args(["check", "--no-history", "--format", "json", "--root"])
        .arg(repo.path())
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .expect("runs");
    assert_eq!(check.status.code(), Some(2), "{check:?}");
    let doc: serde_json::Value = serde_json::from_slice(&check.stdout).expect("JSON");
    let policy = with_file(&doc, "policies/org.yaml");
    assert_eq!(policy.len(), 1, "{doc:#}");
    assert_eq!(policy[0]["code"], "file-unreadable");
}
