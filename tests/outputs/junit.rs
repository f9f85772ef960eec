//! `check --format junit` against the JUnit XSD of Jenkins' xUnit plugin, and every error finding
//! a `<failure>`.

#![allow(clippy::unwrap_used)]

use serde_json::Value;

use super::consumers::assert_junit;
use super::scenarios::{Scenario, yaml_string};
use crate::harness::report_json;

/// Asserts the JUnit document's structure against the same run's JSON report: every error
/// finding (with its repository-relative place) is in a `<failure>`, the counts add up, and the
/// document fails exactly when the run is blocked.
fn assert_failures_match(xml: &str, json: &Value, code: i32) {
    let doc = roxmltree::Document::parse(xml).unwrap();
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    let cases: Vec<roxmltree::Node> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    let failed = cases
        .iter()
        .filter(|c| c.children().any(|n| n.has_tag_name("failure")))
        .count();
    assert_eq!(
        root.attribute("tests"),
        Some(cases.len().to_string().as_str())
    );
    assert_eq!(
        root.attribute("failures"),
        Some(failed.to_string().as_str())
    );
    for suite in doc.descendants().filter(|n| n.has_tag_name("testsuite")) {
        let mine: Vec<_> = suite
            .children()
            .filter(|n| n.has_tag_name("testcase"))
            .collect();
        let failing = mine
            .iter()
            .filter(|c| c.children().any(|n| n.has_tag_name("failure")))
            .count();
        assert_eq!(
            suite.attribute("tests"),
            Some(mine.len().to_string().as_str())
        );
        assert_eq!(
            suite.attribute("failures"),
            Some(failing.to_string().as_str())
        );
    }
    assert_eq!(
        failed > 0,
        code == 1,
        "fails exactly when the run is blocked:\n{xml}"
    );

    let failure_text: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("failure"))
        .map(|n| n.text().unwrap_or_default().to_string())
        .collect();
    let errors: Vec<&Value> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "error")
        .collect();
    assert_eq!(errors.is_empty(), code != 1);
    for f in errors {
        let place = match f["file"].as_str() {
            Some(file) => format!("{file}:{}:{}: ", f["line"], f["column"]),
            None => String::new(),
        };
        let line = spelled(&format!(
            "{place}error [{}] {}",
            f["code"].as_str().unwrap(),
            f["message"].as_str().unwrap()
        ));
        assert!(
            failure_text.iter().any(|t| t.contains(&line)),
            "error finding not in any <failure>: {line}\n{xml}"
        );
    }
}

/// What XML 1.0 cannot carry, as tollgate's JUnit writes it: `\u{..}`.
fn spelled(s: &str) -> String {
    s.chars()
        .map(|c| {
            if (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{fffe}' || c == '\u{ffff}' {
                format!("\\u{{{:x}}}", u32::from(c))
            } else {
                c.to_string()
            }
        })
        .collect()
}

fn junit_and_json(s: &Scenario) -> (i32, String, Value) {
    let junit = s.run(&["check", "--format", "junit"]);
    let json = s.run(&["check", "--format", "json"]);
    assert_eq!(junit.code, json.code, "{}", junit.stderr);
    (
        junit.code,
        junit.stdout,
        report_json(json.stdout.as_bytes()),
    )
}

#[test]
fn odd_paths_a_subfolder_and_repository_errors_validate_and_fail() {
    for s in [Scenario::subfolder(), Scenario::outside_git()] {
        let (code, xml, json) = junit_and_json(&s);
        assert_eq!(code, 1);
        assert_junit(&xml);
        assert_failures_match(&xml, &json, code);
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let repository = doc
            .descendants()
            .find(|n| n.has_tag_name("testsuite") && n.attribute("name") == Some("(repository)"))
            .expect("a suite for what belongs to no project");
        let failure = repository
            .descendants()
            .find(|n| n.has_tag_name("failure"))
            .expect("the people.yaml errors fail it");
        assert_eq!(failure.attribute("type"), Some("unknown-key"));
        assert!(
            failure
                .text()
                .unwrap()
                .contains(&s.outbound("people.yaml:")),
            "{xml}"
        );
    }
}

#[test]
fn a_repository_level_error_alone_fails_the_report() {
    // The clean example plus one error in people.yaml: exit 1, so the report must fail too.
    let clean = tempfile::tempdir().unwrap();
    tollgate::scaffold::write(clean.path(), false).unwrap();
    let people = std::fs::read_to_string(clean.path().join("people.yaml")).unwrap();
    std::fs::write(
        clean.path().join("people.yaml"),
        people.replacen(
            "    github: kyamamoto-example\n",
            "    github: kyamamoto-example\n    room: 4\n",
            1,
        ),
    )
    .unwrap();
    let run = |format: &str| {
        crate::harness::tollgate()
            .args([
                "check",
                "--no-history",
                "--now",
                super::scenarios::NOW,
                "--format",
                format,
                "--root",
            ])
            .arg(clean.path())
            .output()
            .unwrap()
    };
    let (junit, json) = (run("junit"), run("json"));
    let code = junit.status.code().unwrap();
    assert_eq!(code, 1);
    let xml = String::from_utf8(junit.stdout).unwrap();
    assert_junit(&xml);
    let json = report_json(&json.stdout);
    assert_failures_match(&xml, &json, code);
    let doc = roxmltree::Document::parse(&xml).unwrap();
    assert_eq!(doc.root_element().attribute("failures"), Some("1"), "{xml}");
}

#[test]
fn characters_xml_cannot_carry_are_written_out() {
    let s = Scenario::outside_git();
    // Double-quoted YAML can spell control characters; an unknown key quotes them back.
    let key = yaml_string("bell\u{7}escape\u{1b}[31m\u{0}nul\u{1f} & <ok> \"q\" \r\n");
    s.edit(
        "people.yaml",
        "    github: rkato-example\n",
        &format!("    github: rkato-example\n    {key}: 1\n"),
    );
    let (code, xml, json) = junit_and_json(&s);
    assert_eq!(code, 1);
    assert_junit(&xml);
    assert_failures_match(&xml, &json, code);
    assert!(
        xml.contains("bell\\u{7}escape\\u{1b}[31m\\u{0}nul\\u{1f} &amp; &lt;ok&gt;"),
        "{xml}"
    );
}
