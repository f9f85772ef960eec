//! Workflow commands and terminal escapes smuggled in through what a pull request's author
//! writes: a project name, a value quoted in a finding's message, a commit message. GitHub's
//! runner reads a log line that starts with `::` (after spaces) as a command, and `##[`
//! anywhere in a line as its older form; a terminal obeys escape sequences. tollgate prints
//! such text with those parts replaced (U+FFFD), and still shows the rest of it.

use crate::harness::{GitRepo, MVP, OWNER, POC};

/// A project name that, printed raw, would forge an annotation, silence tollgate's own
/// annotations and clear the reader's screen.
const NAME: &str = r#"name: "Evil\n::warning file=README.md::forged\n  ::stop-commands::t1 \e[2J ##[error]old-style""#;

#[track_caller]
fn assert_inert(command: &str, output: &std::process::Output) {
    let text = [&output.stdout[..], &output.stderr[..]].concat();
    let text = String::from_utf8(text).expect("UTF-8 output");
    for line in text.lines() {
        assert!(
            !line.trim_start().starts_with("::"),
            "{command}: a line the runner reads as a workflow command: {line:?}"
        );
    }
    assert!(!text.contains("##["), "{command}: `##[` survived:\n{text}");
    assert!(
        !text.contains('\u{1b}'),
        "{command}: an escape character survived:\n{text}"
    );
}

/// A sign-off (so that the commit, and its subject, is an event of the log) committed with a
/// subject and body that, printed raw, would forge workflow commands and colour the terminal.
fn commit_hostile_signoff(repo: &GitRepo) {
    repo.edit(
        &format!("{POC}/governance.yaml"),
        "    status: pending\n",
        "    status: agreed\n    agreed_at: 2026-11-29\n    evidence: https://tickets.example.com/IT-5000\n",
    );
    repo.commit(
        "Agree ##[error]in-subject \u{1b}[31m\n\n::warning::forged-in-body",
        OWNER,
    );
}

#[test]
fn names_values_and_commit_messages_cannot_forge_workflow_commands() {
    let repo = GitRepo::example();
    repo.edit(
        &format!("{POC}/project.yaml"),
        "name: Reply drafts for customer-support inquiries",
        NAME,
    );
    commit_hostile_signoff(&repo);
    // A wrong value is quoted in the finding's message (uncommitted: check reads the working
    // tree).
    repo.edit(
        &format!("{MVP}/governance.yaml"),
        "status: pending",
        r#"status: "pending\n::error file=x::quoted \e]0;title\a""#,
    );
    let runs: [&[&str]; 5] = [
        &["check", "--now", "2026-11-30"],
        &["validate"],
        &["diff", "HEAD~1", "HEAD", "--now", "2026-11-30"],
        &["log", "--now", "2026-11-30"],
        &["show", "support-reply-drafts", "--now", "2026-11-30"],
    ];
    for args in runs {
        let out = repo.tollgate(args).output().expect("tollgate runs");
        assert_inert(&args.join(" "), &out);
    }
    // The text is still shown, defused: the reader sees what the author wrote.
    let out = repo
        .tollgate(&["check", "--now", "2026-11-30"])
        .output()
        .expect("tollgate runs");
    assert_eq!(out.status.code(), Some(1), "the wrong status blocks");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("Evil\u{FFFD}::warning file=README.md::forged"),
        "{stdout}"
    );
    assert!(stdout.contains("quoted"), "{stdout}");
    let log = repo
        .tollgate(&["log", "--now", "2026-11-30"])
        .output()
        .expect("tollgate runs");
    assert!(String::from_utf8_lossy(&log.stdout).contains("in-subject"));
}

/// `log` writes its text a few commits at a time rather than all at once: an event past the
/// first piece is defused as the first one is.
#[test]
fn a_log_longer_than_one_piece_is_defused_throughout() {
    let repo = GitRepo::example();
    commit_hostile_signoff(&repo);
    // A newer commit whose subject alone (in its header line) is longer than a piece.
    repo.edit(
        &format!("{MVP}/governance.yaml"),
        "    status: pending\n",
        "    status: agreed\n    agreed_at: 2026-11-30\n    evidence: https://tickets.example.com/IT-5001\n",
    );
    repo.commit(&format!("Agree {}", "at length ".repeat(10_000)), OWNER);
    let out = repo
        .tollgate(&["log", "--now", "2026-11-30"])
        .output()
        .expect("tollgate runs");
    assert_eq!(out.status.code(), Some(0));
    assert_inert("log", &out);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let long = stdout.find("at length").expect("the long subject is shown");
    let hostile = stdout
        .find("in-subject")
        .expect("the older subject is shown, defused");
    assert!(
        hostile > long + 64 * 1024,
        "the older commit comes past the first piece"
    );
}

/// Error lines name the folder or revision they were given, and in a workflow those come from
/// the repository too (a path input, a branch name): stderr is defused like stdout.
#[test]
fn error_messages_on_stderr_cannot_forge_workflow_commands() {
    let repo = GitRepo::example();
    let hostile = "nope\n::error file=README.md::forged\n##[error]old \u{1b}[2J";
    let runs: [&[&str]; 4] = [
        &["check", "--root", hostile],
        &["check", "--format", hostile],
        &["log", "--root", hostile],
        &["diff", hostile, "HEAD"],
    ];
    for args in runs {
        let out = crate::harness::tollgate()
            .args(args)
            .current_dir(repo.path())
            .output()
            .expect("tollgate runs");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("forged"),
            "{args:?}: the message still names it:\n{stderr}"
        );
        assert_inert(&args.join(" "), &out);
    }
}
