//! SARIF 2.1.0 (the OASIS static-analysis results format GitHub code scanning reads): one
//! reporting descriptor per finding code, one result per finding.
//!
//! What code scanning needs beyond the schema, and how each is met:
//! - every result has a location, or code scanning drops it: a finding without one points at its
//!   project's project.yaml, or for the whole repository at tollgate.yaml (the roster when there
//!   is no tollgate.yaml) — see [`Paths::file_of`];
//! - `artifactLocation.uri` is a relative reference from the repository's top (with the
//!   `%SRCROOT%` base), percent-encoded: a folder named `a b%c` is `a%20b%25c`;
//! - `partialFingerprints` identify a result across runs (without them every upload through the
//!   REST API opens new alerts): a hash of the code, the file and the JSON pointer, so an alert
//!   stays the same alert when lines move or the wording changes;
//! - `automationDetails.id` names the analysis (`tollgate/` plus the governance root's prefix),
//!   so that two roots checked in one repository do not replace each other's alerts.
//!
//! Columns count Unicode code points, like every tollgate location (`columnKind`).

use std::collections::HashMap;

use serde_json::{Value, json};

use super::paths::Paths;
use crate::findings::{Code, Finding, Severity};
use crate::text::Files;

/// The key of tollgate's fingerprint in `partialFingerprints` (versioned: a change of the
/// recipe must not be compared with the old one).
pub const FINGERPRINT_KEY: &str = "tollgateFinding/v1";

/// The SARIF log of `findings`. `files` holds the text of the files read (for where a value
/// ends); `paths` makes locations relative to the repository's top.
pub fn render(findings: &[Finding], files: &Files, paths: &Paths) -> String {
    let rules: Vec<Value> = Code::ALL
        .iter()
        .map(|c| {
            json!({
                "id": c.as_str(),
                "name": rule_name(c.as_str()),
                "shortDescription": {"text": c.summary()},
                "fullDescription": {"text": c.explanation()},
                "help": {"text": format!("tollgate explain {}", c.as_str())},
                "defaultConfiguration": {"level": level(c.default_severity())},
            })
        })
        .collect();
    let mut seen: HashMap<String, u32> = HashMap::new();
    let results: Vec<Value> = findings
        .iter()
        .map(|f| {
            let mut text = paths.text(&f.message);
            if let Some(h) = &f.help {
                text.push_str(" Help: ");
                text.push_str(&paths.text(h));
            }
            let (file, pinned) = paths.file_of(f);
            let region = match &f.location {
                Some(l) => {
                    let mut r = json!({"startLine": l.line.max(1), "startColumn": l.column.max(1)});
                    if let Some(end) = files
                        .line(&l.file, l.line)
                        .and_then(|t| value_end(&t, l.column, &l.pointer))
                    {
                        r["endLine"] = json!(l.line.max(1));
                        r["endColumn"] = json!(end);
                    }
                    r
                }
                None => json!({"startLine": 1, "startColumn": 1}),
            };
            let mut location = json!({
                "physicalLocation": {
                    "artifactLocation": {"uri": uri(&file), "uriBaseId": "%SRCROOT%"},
                    "region": region,
                }
            });
            if pinned {
                location["message"] = json!({
                    "text": "not about a line of this file: the finding concerns the whole \
                             project or repository"
                });
            }
            let pointer = f.location.as_ref().map_or("", |l| l.pointer.as_str());
            let key = fingerprint(f.code.as_str(), &file, pointer);
            // Findings alike in code, file and pointer are told apart by their order.
            let n = seen.entry(key.clone()).or_insert(0);
            *n += 1;
            let mut result = json!({
                "ruleId": f.code.as_str(),
                "ruleIndex": Code::ALL.iter().position(|c| *c == f.code),
                "level": level(f.severity),
                "message": {"text": text},
                "locations": [location],
                "partialFingerprints": {FINGERPRINT_KEY: format!("{key}:{n}")},
            });
            let mut props = serde_json::Map::new();
            if let Some(p) = &f.project {
                props.insert("project".into(), json!(p));
            }
            if let Some(r) = &f.rule {
                props.insert("rule".into(), json!(r));
            }
            if !pointer.is_empty() {
                props.insert("pointer".into(), json!(pointer));
            }
            if !props.is_empty() {
                result["properties"] = Value::Object(props);
            }
            result
        })
        .collect();
    let category = if paths.prefix().is_empty() {
        "tollgate/".to_string()
    } else {
        format!("tollgate/{}/", paths.prefix())
    };
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "tollgate",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "automationDetails": {"id": category},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    super::json::to_string(&doc)
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

/// `governance-pending` as `GovernancePending` (SARIF's `name` is an identifier in Pascal case).
fn rule_name(code: &str) -> String {
    code.split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// A repository-relative path as a relative URI reference: every byte but the unreserved
/// characters and `/` percent-encoded (so `:` can never read as a scheme, and `%`, spaces and
/// commas survive a round trip).
pub fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A stable hash (64-bit FNV-1a, hex) of a finding's identity: code, file and JSON pointer.
/// The recipe is fixed, so the same finding has the same fingerprint on every machine and run.
/// Each part is followed by a NUL byte, so that parts cannot run into each other.
pub fn fingerprint(code: &str, file: &str, pointer: &str) -> String {
    let mut bytes = Vec::with_capacity(code.len() + file.len() + pointer.len() + 3);
    for part in [code, file, pointer] {
        bytes.extend_from_slice(part.as_bytes());
        bytes.push(0);
    }
    format!("{:016x}", fnv1a(&bytes))
}

/// 64-bit FNV-1a.
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// Where the YAML scalar starting at the 1-based `column` of `line` ends (the exclusive end
/// column, in code points), when that is certain from the line alone: a plain scalar ends
/// before `: `, ` #` or the line's end; a quoted one at its closing quote. Block scalars, flow
/// collections, anchors and tags are left without an end. A scalar followed by `:` is a key:
/// it is the finding's region only when the finding is about that key (the last segment of
/// `pointer`); otherwise the finding is about the mapping the key opens, whose end is unknown.
fn value_end(line: &str, column: u32, pointer: &str) -> Option<u32> {
    let chars: Vec<char> = line.chars().collect();
    let start = usize::try_from(column.checked_sub(1)?).ok()?;
    let rest = chars.get(start..)?;
    let first = *rest.first()?;
    let len = match first {
        '"' => {
            let mut i = 1;
            loop {
                match rest.get(i)? {
                    '\\' => i += 2,
                    '"' => break i + 1,
                    _ => i += 1,
                }
            }
        }
        '\'' => {
            let mut i = 1;
            loop {
                match (rest.get(i)?, rest.get(i + 1)) {
                    ('\'', Some('\'')) => i += 2,
                    ('\'', _) => break i + 1,
                    _ => i += 1,
                }
            }
        }
        '[' | '{' | '|' | '>' | '&' | '*' | '!' | '#' | '%' | '@' | '`' => return None,
        '-' | '?' | ':' if rest.get(1).is_none_or(|c| c.is_whitespace()) => return None,
        _ => {
            let mut end = rest.len();
            for i in 0..rest.len() {
                let next_blank = rest.get(i + 1).is_none_or(|c| c.is_whitespace());
                if (rest[i] == ':' && next_blank)
                    || (rest[i] == '#' && i > 0 && rest[i - 1].is_whitespace())
                {
                    end = i;
                    break;
                }
            }
            while end > 0 && rest[end - 1].is_whitespace() {
                end -= 1;
            }
            end
        }
    };
    if len == 0 {
        return None;
    }
    let after = rest[len..].iter().skip_while(|c| **c == ' ' || **c == '\t');
    let mut after = after.copied();
    if after.next() == Some(':') && after.next().is_none_or(char::is_whitespace) {
        let key: String = rest[..len].iter().collect();
        let key = key
            .strip_prefix(['"', '\''])
            .and_then(|k| k.strip_suffix(['"', '\'']))
            .unwrap_or(&key);
        let last = pointer.rsplit('/').next().unwrap_or_default();
        if last.replace("~1", "/").replace("~0", "~") != key {
            return None;
        }
    }
    u32::try_from(start + len + 1).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_percent_encoded_relative_references() {
        assert_eq!(
            uri("gov a%b,c:d/projects/x.yaml"),
            "gov%20a%25b%2Cc%3Ad/projects/x.yaml"
        );
        assert_eq!(
            uri("projects/名前/kpis.yaml"),
            "projects/%E5%90%8D%E5%89%8D/kpis.yaml"
        );
        assert_eq!(uri("projects/a-b_c.d~e/f"), "projects/a-b_c.d~e/f");
    }

    #[test]
    fn fingerprints_are_stable_and_separate_their_parts() {
        assert_eq!(fingerprint("a", "b", "/c"), fingerprint("a", "b", "/c"));
        assert_ne!(fingerprint("ab", "", "/c"), fingerprint("a", "b", "/c"));
        assert_ne!(fingerprint("a", "b", "/c"), fingerprint("a", "b", "/d"));
        // The recipe is part of the contract (a change would reopen every alert): FNV-1a's
        // published test vectors.
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a(b"foobar"), 0x8594_4171_f739_67e8);
        assert_eq!(
            fingerprint("a", "b", "c"),
            format!("{:016x}", fnv1a(b"a\0b\0c\0"))
        );
    }

    #[test]
    fn value_ends_where_the_line_says() {
        let v = |line: &str, column: u32| value_end(line, column, "/x");
        assert_eq!(v("    status: pending", 13), Some(20));
        assert_eq!(v("    status: pending  # later", 13), Some(20));
        assert_eq!(v(r#"  name: "a \" b" # c"#, 9), Some(17));
        assert_eq!(v("  name: 'it''s'", 9), Some(16));
        assert_eq!(v("  url: http://x#y", 8), Some(18));
        assert_eq!(v("  名前: 値", 7), Some(8));
        assert_eq!(v("  text: |", 9), None);
        assert_eq!(v("  list: [a, b]", 9), None);
        assert_eq!(v("  - item", 3), None);
        assert_eq!(v("  name: \"open", 9), None);
        assert_eq!(v("short", 9), None);
        // A key is the region only of a finding about that key, not of the mapping it opens.
        assert_eq!(value_end("  treshold: 50", 3, "/kpis/0/treshold"), Some(11));
        assert_eq!(value_end("  \"a/b\": 50", 3, "/a~1b"), Some(8));
        assert_eq!(value_end("  - id: poc-gate", 5, "/decisions/0"), None);
        assert_eq!(
            value_end("  - id: poc-gate", 9, "/decisions/0/id"),
            Some(17)
        );
    }
}
