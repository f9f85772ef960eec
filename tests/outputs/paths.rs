//! Paths as they leave tollgate: relative to the git repository's top (the governance root may be
//! a subfolder), escaped as each consumer parses them, and never the machine's absolute paths.

#![allow(clippy::unwrap_used)]

use serde_json::Value;

use super::consumers::parse_command;
use super::scenarios::{ODD_ROOT, Scenario, yaml_string};
use crate::harness::report_json;

/// `--format github` read back the way the Actions runner reads workflow commands: one command
/// per finding, the file (from the repository's top) and the message exactly the finding's.
#[test]
fn workflow_commands_read_back_as_the_runner_parses_them() {
    for s in [Scenario::subfolder(), Scenario::outside_git()] {
        // A message with everything the runner unescapes: `%`, `,`, `:`, a line break and
        // text that looks like an escape already (`%0A`, `%3A`).
        let key = yaml_string("50%, a:b %0A %3A %2C %25 line\nbreak");
        s.edit(
            "people.yaml",
            "    github: rkato-example\n",
            &format!("    github: rkato-example\n    {key}: 1\n"),
        );
        let run = s.run(&["check", "--format", "github"]);
        assert_eq!(run.code, 1, "{}", run.stderr);
        let json = report_json(s.run(&["check", "--format", "json"]).stdout.as_bytes());
        let findings = json["findings"].as_array().unwrap();
        let lines: Vec<&str> = run.stdout.lines().collect();
        assert_eq!(
            lines.len(),
            findings.len(),
            "one command a line per finding"
        );
        for (line, f) in lines.iter().zip(findings) {
            let c = parse_command(line).unwrap_or_else(|| panic!("the runner cannot parse {line}"));
            let level = match f["severity"].as_str().unwrap() {
                "note" => "notice",
                other => other,
            };
            assert_eq!(c.name, level);
            assert_eq!(c.properties["title"], f["code"].as_str().unwrap());
            let mut message = f["message"].as_str().unwrap().to_string();
            if let Some(help) = f["help"].as_str() {
                message.push_str("\nhelp: ");
                message.push_str(help);
            }
            assert_eq!(c.message, message);
            match f["file"].as_str() {
                Some(file) => {
                    assert_eq!(c.properties["file"], file);
                    assert!(s.base().join(file).is_file(), "{file}");
                    assert_eq!(c.properties["line"], f["line"].to_string());
                    assert_eq!(c.properties["col"], f["column"].to_string());
                }
                None => assert!(!c.properties.contains_key("file"), "{line}"),
            }
        }
        let odd: Vec<&Value> = findings
            .iter()
            .filter(|f| f["message"].as_str().unwrap().contains("line\nbreak"))
            .collect();
        assert_eq!(odd.len(), 1, "the odd key's finding was read back intact");
    }
}

#[test]
fn a_subfolder_root_prefixes_every_outbound_path() {
    let s = Scenario::subfolder();
    let github = s.run(&["check", "--format", "github"]).stdout;
    assert!(
        github.contains("file=gov a%25b%2Cc%3Ad/projects/x y%25z%2Cw%3Av/project.yaml,"),
        "{github}"
    );
    let md = s.run(&["check", "--format", "markdown"]).stdout;
    assert!(md.contains(&format!("`{ODD_ROOT}/people.yaml:")), "{md}");
    let junit = s.run(&["check", "--format", "junit"]).stdout;
    assert!(
        junit.contains(&format!("{ODD_ROOT}/people.yaml:")),
        "{junit}"
    );
    // The text report is for the person at the terminal: paths from the governance root, which
    // its source excerpts are read from.
    let text = s.run(&["check"]).stdout;
    assert!(text.contains("--> people.yaml:"), "{text}");
}

/// What is posted to a pull request (and every machine format) names the governance root
/// relative to the repository or the working directory, never by its absolute path.
#[test]
fn no_machine_path_leaves_in_reports() {
    let s = Scenario::outside_git();
    let absolute = s.root.display().to_string();
    let temp = s.root.parent().unwrap().display().to_string();
    for args in [
        &["check", "--format", "markdown"][..],
        &["check", "--format", "json"],
        &["check", "--format", "sarif"],
        &["check", "--format", "junit"],
        &["check", "--format", "github"],
        &["comment", "--dry-run"],
        &["log", "--verify", "--format", "json"],
    ] {
        let run = s.run(args);
        assert!(
            !run.stdout.contains(&temp),
            "{args:?} shows the machine path {temp}:\n{}",
            run.stdout
        );
    }
    let comment = s.run(&["comment", "--dry-run"]).stdout;
    assert!(
        comment.contains("demo dir %,: is not inside a git repository"),
        "the root is named by its folder:\n{comment}"
    );
    assert!(!comment.contains(&absolute));
}
