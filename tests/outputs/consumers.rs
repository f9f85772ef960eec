//! The consumers of tollgate's outputs, or faithful stand-ins for their rules:
//!
//! - SARIF: the SARIF 2.1.0 JSON Schema (OASIS errata 01) from `../shared/standards/` when it is
//!   there, validated with the `jsonschema` crate (formats checked, `uri-reference` by an RFC 3986
//!   parser); and GitHub code scanning's own rules, which always run.
//! - JUnit: the XSD Jenkins' xUnit plugin validates against, from `../shared/standards/`, through
//!   `xmllint --schema` (libxml2, a complete XSD 1.0 validator; `.ci/run` installs it) when both
//!   are there; the XML is always parsed by a conforming parser (roxmltree).
//! - Markdown: comrak, a GFM parser, with GitHub's extensions (tables, strikethrough, autolinks,
//!   task lists, footnotes, alerts, `$` math) and raw HTML allowed, as GitHub's renderer parses it
//!   before its sanitizer; then GitHub's own reference rules (`@login`, `#123`) over the text.
//! - Workflow commands: the Actions runner's parsing of `::command k=v,k=v::message`.
//!
//! `../shared` exists on the development machine only: whatever needs it says clearly, on
//! standard error (not captured by the test harness), that it was skipped.

#![allow(clippy::unwrap_used)]

use std::collections::{BTreeMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::Value;

/// `../shared/standards/` beside the project, when present.
fn standards() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/standards");
    dir.is_dir().then_some(dir)
}

/// Says on standard error, past the test harness's capture, that an assertion was skipped.
pub fn skipped(what: &str, why: &str) {
    let _ = writeln!(std::io::stderr(), "SKIPPED: {what}: {why}");
}

// ---- SARIF ----------------------------------------------------------------------------------

/// The SARIF 2.1.0 schema as a validator, when `../shared/standards` has it.
fn sarif_validator() -> Option<&'static jsonschema::Validator> {
    static VALIDATOR: std::sync::OnceLock<Option<jsonschema::Validator>> =
        std::sync::OnceLock::new();
    VALIDATOR
        .get_or_init(|| {
            let path = standards()?.join("sarif-schema-2.1.0.json");
            let text = std::fs::read_to_string(path).ok()?;
            let schema: Value = serde_json::from_str(&text).expect("the SARIF schema is JSON");
            // Draft 4 has no `uri-reference` format; the schema uses it for `artifactLocation.uri`,
            // so it is checked here by the same RFC 3986 parser the crate uses in later drafts.
            let validator = jsonschema::options()
                .should_validate_formats(true)
                .with_format("uri-reference", is_uri_reference)
                .build(&schema)
                .expect("the SARIF schema compiles");
            Some(validator)
        })
        .as_ref()
}

/// RFC 3986 `URI-reference`.
fn is_uri_reference(s: &str) -> bool {
    let base = jsonschema::uri::from_str("file:///repository/").unwrap();
    jsonschema::uri::resolve_against(&base.borrow(), s).is_ok()
}

/// Validates a SARIF log against the published schema (skipped, and said so, without it) and
/// against GitHub code scanning's rules (always). `base` is the folder relative URIs resolve
/// from (the top of the git repository); `json` the same run's `--format json` report, whose
/// findings every result must match.
pub fn assert_sarif(sarif: &Value, base: &Path, json: &Value) {
    match sarif_validator() {
        Some(v) => {
            let errors: Vec<String> = v
                .iter_errors(sarif)
                .map(|e| format!("  {e} at `{}`", e.instance_path()))
                .collect();
            assert!(
                errors.is_empty(),
                "invalid against the SARIF 2.1.0 schema:\n{}\n{sarif:#}",
                errors.join("\n")
            );
        }
        None => skipped(
            "SARIF 2.1.0 schema assertions",
            "../shared/standards/sarif-schema-2.1.0.json is absent (GitHub's rules still checked)",
        ),
    }
    assert_code_scanning(sarif, base, json);
}

/// GitHub code scanning's rules for an uploaded SARIF file ("SARIF support for code scanning"),
/// and that each result is the finding the JSON report has.
fn assert_code_scanning(sarif: &Value, base: &Path, json: &Value) {
    assert_eq!(sarif["version"], "2.1.0");
    let runs = sarif["runs"].as_array().expect("runs");
    assert_eq!(runs.len(), 1, "one run");
    let run = &runs[0];
    let driver = &run["tool"]["driver"];
    assert!(driver["name"].as_str().is_some_and(|n| !n.is_empty()));
    let rules: Vec<&str> = driver["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .map(|r| r["id"].as_str().expect("rule id"))
        .collect();
    assert_eq!(
        rules.iter().collect::<HashSet<_>>().len(),
        rules.len(),
        "rule ids are unique"
    );
    for r in driver["rules"].as_array().unwrap() {
        for key in ["shortDescription", "fullDescription"] {
            let text = r[key]["text"].as_str().expect("rule description");
            assert!(!text.is_empty() && text.len() <= 1024 * 1024, "{r}");
        }
    }
    let results = run["results"].as_array().expect("results");
    assert!(results.len() <= 25_000, "code scanning's limit per run");
    if !results.is_empty() {
        // SARIF §3.14.27: required when results carry columns; tollgate counts characters.
        assert_eq!(run["columnKind"], "unicodeCodePoints");
    }
    let category = run["automationDetails"]["id"]
        .as_str()
        .expect("automationDetails.id");
    assert!(category.starts_with("tollgate/") && category.ends_with('/'));

    let findings = json["findings"].as_array().expect("JSON findings");
    assert_eq!(
        results.len(),
        findings.len(),
        "one result per finding, none dropped"
    );
    let mut fingerprints = HashSet::new();
    for (r, f) in results.iter().zip(findings) {
        let rule = r["ruleId"].as_str().expect("ruleId");
        assert_eq!(rule, f["code"], "results in the JSON report's order");
        let index = r["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules.get(index), Some(&rule));
        assert_eq!(r["level"], f["severity"]);
        assert!(r["message"]["text"].as_str().is_some_and(|t| !t.is_empty()));

        let locations = r["locations"]
            .as_array()
            .expect("every result has locations");
        assert_eq!(locations.len(), 1, "{r}");
        let physical = &locations[0]["physicalLocation"];
        let uri = physical["artifactLocation"]["uri"].as_str().expect("uri");
        assert_eq!(physical["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        assert!(
            is_uri_reference(uri),
            "not an RFC 3986 URI reference: {uri}"
        );
        assert!(
            !uri.starts_with('/') && !uri.contains("//") && !uri.contains(':'),
            "not relative to the repository: {uri}"
        );
        let path = percent_decode(uri);
        assert!(
            base.join(&path).is_file(),
            "{uri} names no file of the repository ({path})"
        );
        let region = &physical["region"];
        let (line, column) = (
            region["startLine"].as_u64().expect("startLine"),
            region["startColumn"].as_u64().expect("startColumn"),
        );
        assert!(line >= 1 && column >= 1);
        if let Some(file) = f["file"].as_str() {
            assert_eq!(path, file, "the result's file is the finding's");
            assert_eq!(Some(line), f["line"].as_u64());
            assert_eq!(Some(column), f["column"].as_u64());
        } else {
            assert!(
                locations[0]["message"]["text"].is_string(),
                "a finding pinned to a file for want of a location says so: {r}"
            );
        }
        if let Some(end) = region["endColumn"].as_u64() {
            assert_eq!(region["endLine"].as_u64(), Some(line));
            assert!(end > column, "{region}");
            let text = std::fs::read_to_string(base.join(&path)).unwrap();
            let line_text = text.lines().nth(line as usize - 1).unwrap();
            let chars: Vec<char> = line_text.chars().collect();
            let value: String = chars[column as usize - 1..end as usize - 1]
                .iter()
                .collect();
            assert!(
                !value.trim().is_empty() && value.trim() == value && !value.contains(": "),
                "region {column}..{end} of `{line_text}` is `{value}`"
            );
        }
        let fp = r["partialFingerprints"]
            .as_object()
            .expect("partialFingerprints");
        assert!(!fp.is_empty());
        for v in fp.values() {
            let v = v.as_str().expect("fingerprint string");
            assert!(
                fingerprints.insert(v.to_string()),
                "duplicate fingerprint {v}"
            );
        }
    }
}

/// The fingerprints of a SARIF log's results, with their rule and region, for comparing runs.
pub fn fingerprints(sarif: &Value) -> BTreeMap<String, (String, u64)> {
    sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let fp = r["partialFingerprints"]
                .as_object()
                .unwrap()
                .values()
                .next()
                .unwrap()
                .as_str()
                .unwrap()
                .to_string();
            let line = r["locations"][0]["physicalLocation"]["region"]["startLine"]
                .as_u64()
                .unwrap();
            (fp, (r["ruleId"].as_str().unwrap().to_string(), line))
        })
        .collect()
}

/// Decodes `%XX` escapes (UTF-8).
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
            out.push(u8::from_str_radix(hex, 16).expect("hex escape"));
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).expect("UTF-8 path")
}

// ---- JUnit ----------------------------------------------------------------------------------

/// `xmllint` on the PATH.
fn xmllint() -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join("xmllint"))
            .find(|p| p.is_file())
    })
}

/// Parses a JUnit document (a conforming XML parser rejects what XML cannot carry) and validates
/// it against Jenkins' xUnit JUnit schema with xmllint (skipped, and said so, when the XSD or
/// xmllint is missing).
pub fn assert_junit(xml: &str) {
    if let Err(e) = roxmltree::Document::parse(xml) {
        panic!("not well-formed XML ({e}):\n{xml}");
    }
    let Some(xsd) = standards()
        .map(|d| d.join("jenkins-xunit-junit-10.xsd"))
        .filter(|p| p.is_file())
    else {
        skipped(
            "JUnit XSD assertions",
            "../shared/standards/jenkins-xunit-junit-10.xsd is absent (XML well-formedness still checked)",
        );
        return;
    };
    let Some(xmllint) = xmllint() else {
        skipped(
            "JUnit XSD assertions",
            "xmllint is not installed (`apt-get install libxml2-utils`; .ci/run installs it)",
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("junit.xml");
    std::fs::write(&file, xml).unwrap();
    let out = std::process::Command::new(xmllint)
        .arg("--noout")
        .arg("--schema")
        .arg(&xsd)
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "xmllint rejects the JUnit document:\n{}\n{xml}",
        String::from_utf8_lossy(&out.stderr)
    );
}

// ---- Markdown -------------------------------------------------------------------------------

/// The HTML tollgate itself writes into Markdown (and the sticky comment's marker).
const OWN_HTML: [&str; 6] = [
    "<sub>",
    "</sub>",
    "<details>",
    "<summary>",
    "</summary>",
    "</details>",
];

/// Parses `md` as GitHub does and asserts that nothing from the repository became Markdown or
/// HTML: the only HTML is tollgate's own; no link or image; no text outside code that GitHub
/// would turn into a mention (`@login`) or a reference (`#123`, `GH-123`); and each of `literal`
/// (user text) is shown as written, character for character (so `**x**` did not become bold).
pub fn assert_markdown(md: &str, literal: &[&str]) {
    use comrak::nodes::NodeValue;

    let mut options = comrak::Options::default();
    options.extension.strikethrough = true;
    options.extension.table = true;
    options.extension.autolink = true;
    options.extension.tasklist = true;
    options.extension.footnotes = true;
    options.extension.alerts = true;
    options.extension.math_dollars = true;
    options.render.r#unsafe = true;
    let arena = comrak::Arena::new();
    let root = comrak::parse_document(&arena, md, &options);

    let mut shown = String::new();
    for node in root.descendants() {
        let data = node.data();
        match &data.value {
            NodeValue::HtmlInline(html) => {
                assert!(
                    OWN_HTML.contains(&html.as_str()) || is_marker(html),
                    "HTML from the repository survived: {html}\n{md}"
                );
            }
            NodeValue::HtmlBlock(block) => {
                let mut rest = block.literal.clone();
                for tag in OWN_HTML {
                    rest = rest.replace(tag, "");
                }
                let rest = if is_marker(rest.trim()) {
                    ""
                } else {
                    rest.as_str()
                };
                assert!(
                    !rest.contains('<'),
                    "HTML from the repository survived: {}\n{md}",
                    block.literal
                );
                shown.push_str(rest);
            }
            NodeValue::Link(_) | NodeValue::Image(_) => {
                panic!("a link or image in the report: {md}")
            }
            NodeValue::Math(_) | NodeValue::FootnoteReference(_) => {
                panic!("math or a footnote from the repository: {md}")
            }
            NodeValue::Text(text) => {
                assert_no_reference(text, md);
                shown.push_str(text);
            }
            NodeValue::Code(code) => shown.push_str(&code.literal),
            NodeValue::SoftBreak | NodeValue::LineBreak => shown.push(' '),
            _ => {}
        }
    }
    let shown = shown.replace('\u{2060}', "");
    for s in literal {
        let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            shown.contains(&s),
            "`{s}` is not shown as written; the report shows:\n{shown}\n--- Markdown:\n{md}"
        );
    }
}

/// The sticky comment's hidden marker, `<!-- tollgate:id=NAME -->`.
fn is_marker(html: &str) -> bool {
    html.starts_with("<!-- tollgate:") && html.ends_with("-->") && !html[4..].contains("<!--")
}

/// GitHub's reference filters over text outside code and links: `@login` (a mention, preceded
/// by no word character), `#123` and `GH-123` (issue references).
fn assert_no_reference(text: &str, md: &str) {
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let before_word = i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_');
        let next = chars.get(i + 1).copied();
        if c == '@' && !before_word && next.is_some_and(|n| n.is_ascii_alphanumeric()) {
            panic!("`{text}` mentions someone in:\n{md}");
        }
        if c == '#' && !before_word && next.is_some_and(|n| n.is_ascii_digit()) {
            panic!("`{text}` references an issue in:\n{md}");
        }
        if (c == 'G' || c == 'g')
            && !before_word
            && chars
                .get(i + 1)
                .is_some_and(|h| h.eq_ignore_ascii_case(&'h'))
            && chars.get(i + 2) == Some(&'-')
            && chars.get(i + 3).is_some_and(char::is_ascii_digit)
        {
            panic!("`{text}` references an issue in:\n{md}");
        }
    }
}

// ---- Workflow commands ----------------------------------------------------------------------

/// One workflow command as the Actions runner reads it.
#[derive(Debug, PartialEq, Eq)]
pub struct Command {
    pub name: String,
    pub properties: BTreeMap<String, String>,
    pub message: String,
}

/// Parses a line the way the runner's `ActionCommand.TryParseV2` does: `::name props::data`,
/// properties split at `,` and each at its first `=`, then unescaped — `%0D`, `%0A`, `%3A`,
/// `%2C` and finally `%25` in property values; `%0D`, `%0A` and finally `%25` in the data.
pub fn parse_command(line: &str) -> Option<Command> {
    let rest = line.strip_prefix("::")?;
    let end = rest.find("::")?;
    let (head, data) = (&rest[..end], &rest[end + 2..]);
    let (name, props) = match head.find(' ') {
        Some(i) => (&head[..i], &head[i + 1..]),
        None => (head, ""),
    };
    let mut properties = BTreeMap::new();
    for pair in props.split(',').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=')?;
        properties.insert(
            k.to_string(),
            v.replace("%0D", "\r")
                .replace("%0A", "\n")
                .replace("%3A", ":")
                .replace("%2C", ",")
                .replace("%25", "%"),
        );
    }
    Some(Command {
        name: name.to_string(),
        properties,
        message: data
            .replace("%0D", "\r")
            .replace("%0A", "\n")
            .replace("%25", "%"),
    })
}
