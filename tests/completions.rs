//! `tollgate completions SHELL` and `tollgate man`: generated from the argument definitions, and
//! working in the shell that reads them.

use crate::harness::{run, run_cmd};

const COMMANDS: [&str; 11] = [
    "check",
    "validate",
    "init",
    "policy",
    "schema",
    "explain",
    "comment",
    "diff",
    "log",
    "completions",
    "man",
];

/// What bash offers after typing `words` (the last one being completed).
fn bash_completes(script: &str, words: &[&str]) -> Vec<String> {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("tollgate.bash");
    std::fs::write(&file, script).expect("write");
    let words_list = words.join(" ");
    let program = format!(
        "source '{}'; COMP_WORDS=({words_list}); COMP_CWORD={}; COMP_LINE='{words_list}'; \
         COMP_POINT=${{#COMP_LINE}}; _tollgate tollgate '{}' '{}'; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        file.display(),
        words.len() - 1,
        words[words.len() - 1],
        words[words.len() - 2],
    );
    let out = std::process::Command::new("bash")
        .args(["--norc", "--noprofile", "-c", &program])
        .env_clear()
        .output()
        .expect("bash runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn bash_completion_offers_commands_and_their_options() {
    let run = run(&["completions", "bash"]);
    run.expect_code(0);
    assert_eq!(bash_completes(&run.stdout, &["tollgate", "ch"]), ["check"]);
    let all = bash_completes(&run.stdout, &["tollgate", ""]);
    for command in COMMANDS {
        assert!(all.contains(&command.to_string()), "{command} in {all:?}");
    }
    let options = bash_completes(&run.stdout, &["tollgate", "init", "--"]);
    for option in ["--force", "--git", "--author"] {
        assert!(
            options.contains(&option.to_string()),
            "{option} in {options:?}"
        );
    }
}

#[test]
fn completions_for_the_other_shells() {
    for (shell, marker) in [
        ("zsh", "#compdef tollgate"),
        ("fish", "complete -c tollgate"),
        ("elvish", "edit:completion:arg-completer[tollgate]"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let run = run(&["completions", shell]);
        run.expect_code(0);
        assert!(
            run.stdout.contains(marker),
            "{shell}: {}",
            &run.stdout[..200]
        );
        assert!(run.stdout.contains("validate"), "{shell}");
    }
    let run = run(&["completions", "tcsh"]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("invalid value 'tcsh'"),
        "{}",
        run.stderr
    );
}

#[test]
fn man_pages_describe_the_commands() {
    let run = run(&["man"]);
    run.expect_code(0);
    assert!(
        run.stdout.contains(".TH tollgate 1"),
        "{}",
        &run.stdout[..300]
    );
    assert!(run.stdout.contains(".SH SUBCOMMANDS"));
    for command in COMMANDS {
        assert!(
            run.stdout
                .contains(&format!("tollgate\\-{}", command.replace('-', "\\-"))),
            "{command}"
        );
    }
    assert!(
        run.stdout
            .contains("Exit status: 0 clean, 1 blocking findings")
    );
    let page = crate::harness::run(&["man", "init"]);
    page.expect_code(0);
    assert!(
        page.stdout.contains(".TH tollgate-init 1"),
        "{}",
        &page.stdout[..300]
    );
    assert!(page.stdout.contains("\\fB\\-\\-git\\fR"), "{}", page.stdout);
    let missing = run_cmd(crate::harness::tollgate().args(["man", "deploy"]));
    missing.expect_code(2);
    assert!(
        missing
            .stderr
            .contains("no command `deploy`; one of: check,"),
        "{}",
        missing.stderr
    );
}
