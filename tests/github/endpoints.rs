//! What the tests know about each GitHub REST operation tollgate calls: method, path template,
//! which path parameters are integers, the documented query parameters, the request body's JSON
//! Schema (names, types, enums and the limits the description states) and the limits GitHub
//! enforces without stating them. The fake GitHub and `spec::assert_documented` use only this
//! table, so the suite runs from the project alone.
//!
//! The facts come from GitHub's published OpenAPI description. When the excerpt of it kept beside
//! the project (`../shared/github-api/spec_subset.json`) is present, `table_matches_the_description`
//! compares every entry with it; without it that test says it was skipped.
//!
//! To add an operation, add one `Endpoint` (the operation id is GitHub's `operationId`).

use serde_json::{Value, json};

/// A request body.
#[derive(Clone, Copy, Debug)]
pub enum Body {
    /// The operation takes no body.
    None,
    /// A required JSON body, described by this schema (draft 4, as the description uses).
    Required(fn() -> Value),
}

/// A limit GitHub enforces beyond the body schema. `overlay` names the same fact in the
/// description's `x-mock-overlay`, so the conformance test can compare the number.
#[derive(Clone, Copy, Debug)]
pub enum Limit {
    /// The string at this JSON pointer has at most this many characters.
    Chars {
        pointer: &'static str,
        max: u64,
        overlay: &'static str,
    },
    /// The string at this JSON pointer has at most this many UTF-8 bytes.
    Bytes {
        pointer: &'static str,
        max: u64,
        overlay: &'static str,
    },
}

#[derive(Clone, Copy, Debug)]
pub struct Endpoint {
    /// GitHub's `operationId`.
    pub operation: &'static str,
    /// Upper case, as sent.
    pub method: &'static str,
    /// Path template without the API prefix, `{name}` for parameters.
    pub path: &'static str,
    /// Path parameters typed `integer`: only digits match them.
    pub integer_params: &'static [&'static str],
    /// Path parameters that may span several segments (`x-multi-segment`), e.g. a commit ref
    /// `heads/main`. They must be the template's last segment.
    pub multi_segment_params: &'static [&'static str],
    /// Documented query parameters.
    pub query: &'static [&'static str],
    pub body: Body,
    pub limits: &'static [Limit],
}

const PAGED: &[&str] = &["per_page", "page"];

/// What GitHub answers about commits, for both commit operations (`pulls/list-commits` lists
/// them, `repos/get-commit` returns one): the description's `commit` schema, as far as tollgate
/// reads it. `spec::response_facts_match_the_description` compares these with the description.
pub mod commit {
    /// Required properties of a commit (schema `commit`).
    pub const REQUIRED: &[&str] = &[
        "url",
        "sha",
        "node_id",
        "html_url",
        "comments_url",
        "commit",
        "author",
        "committer",
        "parents",
    ];
    /// Required properties of its git commit (`commit.commit`).
    pub const GIT_REQUIRED: &[&str] = &[
        "author",
        "committer",
        "comment_count",
        "message",
        "tree",
        "url",
    ];
    /// Required properties of `commit.commit.verification` (schema `verification`): `verified` a
    /// boolean, `reason` a string, the other three strings or null.
    pub const VERIFICATION_REQUIRED: &[&str] =
        &["verified", "reason", "payload", "signature", "verified_at"];
    /// The values of `verification.reason` GitHub documents (the `reason` table of
    /// repos/get-commit; the schema itself types it as a plain string).
    pub const REASONS: &[&str] = &[
        "expired_key",
        "not_signing_key",
        "gpgverify_error",
        "gpgverify_unavailable",
        "unsigned",
        "unknown_signature_type",
        "no_user",
        "unverified_email",
        "bad_email",
        "unknown_key",
        "malformed_signature",
        "invalid",
        "valid",
    ];
    /// GitHub lists at most this many commits of a pull request, however they are paged.
    pub const LISTED_MAX: usize = 250;
    /// GitHub's status for a commit ref that does not resolve in an existing repository.
    pub const UNKNOWN_REF_STATUS: u16 = 422;

    use serde_json::Value;

    /// How `value` departs from these facts (empty when it is a commit as GitHub documents it).
    pub fn problems(value: &Value) -> Vec<String> {
        let mut out = Vec::new();
        let missing = |v: &Value, names: &[&str], at: &str, out: &mut Vec<String>| {
            for name in names {
                if v.get(name).is_none() {
                    out.push(format!("{at}/{name} is missing"));
                }
            }
        };
        missing(value, REQUIRED, "", &mut out);
        missing(&value["commit"], GIT_REQUIRED, "/commit", &mut out);
        let v = &value["commit"]["verification"];
        if v.is_null() {
            return out;
        }
        missing(v, VERIFICATION_REQUIRED, "/commit/verification", &mut out);
        if !v["verified"].is_boolean() {
            out.push("/commit/verification/verified is not a boolean".into());
        }
        match v["reason"].as_str() {
            Some(r) if REASONS.contains(&r) => {}
            other => out.push(format!(
                "/commit/verification/reason {other:?} is not a documented reason"
            )),
        }
        for name in ["payload", "signature", "verified_at"] {
            if !(v[name].is_null() || v[name].is_string()) {
                out.push(format!(
                    "/commit/verification/{name} is neither a string nor null"
                ));
            }
        }
        for who in ["author", "committer"] {
            let account = &value[who];
            if !(account.is_null() || account.is_object()) {
                out.push(format!("/{who} is neither a user, {{}} nor null"));
            }
        }
        out
    }
}

/// Every operation tollgate sends.
pub const ENDPOINTS: &[Endpoint] = &[
    Endpoint {
        operation: "users/get-authenticated",
        method: "GET",
        path: "/user",
        integer_params: &[],
        multi_segment_params: &[],
        query: &[],
        body: Body::None,
        limits: &[],
    },
    Endpoint {
        operation: "issues/list-comments",
        method: "GET",
        path: "/repos/{owner}/{repo}/issues/{issue_number}/comments",
        integer_params: &["issue_number"],
        multi_segment_params: &[],
        query: &["since", "per_page", "page"],
        body: Body::None,
        limits: &[],
    },
    Endpoint {
        operation: "issues/create-comment",
        method: "POST",
        path: "/repos/{owner}/{repo}/issues/{issue_number}/comments",
        integer_params: &["issue_number"],
        multi_segment_params: &[],
        query: &[],
        body: Body::Required(comment_body),
        limits: COMMENT_LIMITS,
    },
    Endpoint {
        operation: "issues/update-comment",
        method: "PATCH",
        path: "/repos/{owner}/{repo}/issues/comments/{comment_id}",
        integer_params: &["comment_id"],
        multi_segment_params: &[],
        query: &[],
        body: Body::Required(comment_body),
        limits: COMMENT_LIMITS,
    },
    Endpoint {
        operation: "issues/delete-comment",
        method: "DELETE",
        path: "/repos/{owner}/{repo}/issues/comments/{comment_id}",
        integer_params: &["comment_id"],
        multi_segment_params: &[],
        query: &[],
        body: Body::None,
        limits: &[],
    },
    Endpoint {
        operation: "pulls/list-reviews",
        method: "GET",
        path: "/repos/{owner}/{repo}/pulls/{pull_number}/reviews",
        integer_params: &["pull_number"],
        multi_segment_params: &[],
        query: PAGED,
        body: Body::None,
        limits: &[],
    },
    Endpoint {
        operation: "pulls/list-commits",
        method: "GET",
        path: "/repos/{owner}/{repo}/pulls/{pull_number}/commits",
        integer_params: &["pull_number"],
        multi_segment_params: &[],
        query: PAGED,
        body: Body::None,
        limits: &[],
    },
    Endpoint {
        operation: "repos/get-commit",
        method: "GET",
        path: "/repos/{owner}/{repo}/commits/{ref}",
        integer_params: &[],
        multi_segment_params: &["ref"],
        query: PAGED,
        body: Body::None,
        limits: &[],
    },
    Endpoint {
        operation: "checks/create",
        method: "POST",
        path: "/repos/{owner}/{repo}/check-runs",
        integer_params: &[],
        multi_segment_params: &[],
        query: &[],
        body: Body::Required(check_run_create_body),
        limits: CHECK_RUN_LIMITS,
    },
    Endpoint {
        operation: "checks/update",
        method: "PATCH",
        path: "/repos/{owner}/{repo}/check-runs/{check_run_id}",
        integer_params: &["check_run_id"],
        multi_segment_params: &[],
        query: &[],
        body: Body::Required(check_run_update_body),
        limits: CHECK_RUN_LIMITS,
    },
];

/// GitHub refuses longer comments ("Body is too long (maximum is 65536 characters)"); the schema
/// states no maximum.
const COMMENT_LIMITS: &[Limit] = &[Limit::Chars {
    pointer: "/body",
    max: 65_536,
    overlay: "issue_comment_body_max_chars",
}];

/// The schema's `maxLength: 65535` counts characters; GitHub counts bytes.
const CHECK_RUN_LIMITS: &[Limit] = &[
    Limit::Bytes {
        pointer: "/output/summary",
        max: 65_535,
        overlay: "check_run_output_text_max_bytes",
    },
    Limit::Bytes {
        pointer: "/output/text",
        max: 65_535,
        overlay: "check_run_output_text_max_bytes",
    },
];

fn comment_body() -> Value {
    json!({
        "type": "object",
        "properties": {"body": {"type": "string"}},
        "required": ["body"],
    })
}

const STATUSES: [&str; 6] = [
    "queued",
    "in_progress",
    "completed",
    "waiting",
    "requested",
    "pending",
];
const CONCLUSIONS: [&str; 8] = [
    "action_required",
    "cancelled",
    "failure",
    "neutral",
    "success",
    "skipped",
    "stale",
    "timed_out",
];

/// The properties `checks/create` and `checks/update` share; `output_required` differs.
fn check_run_properties(output_required: &[&str]) -> Value {
    json!({
        "name": {"type": "string"},
        "details_url": {"type": "string"},
        "external_id": {"type": "string"},
        "status": {"type": "string", "enum": STATUSES},
        "started_at": {"type": "string", "format": "date-time"},
        "conclusion": {"type": "string", "enum": CONCLUSIONS},
        "completed_at": {"type": "string", "format": "date-time"},
        "output": {
            "type": "object",
            "properties": {
                "title": {"type": "string"},
                "summary": {"type": "string", "maxLength": 65_535},
                "text": {"type": "string", "maxLength": 65_535},
                "annotations": {
                    "type": "array",
                    "maxItems": 50,
                    "items": {
                        "type": "object",
                        "properties": {
                            "path": {"type": "string"},
                            "start_line": {"type": "integer"},
                            "end_line": {"type": "integer"},
                            "start_column": {"type": "integer"},
                            "end_column": {"type": "integer"},
                            "annotation_level": {
                                "type": "string",
                                "enum": ["notice", "warning", "failure"],
                            },
                            "message": {"type": "string"},
                            "title": {"type": "string"},
                            "raw_details": {"type": "string"},
                        },
                        "required": ["path", "start_line", "end_line", "annotation_level", "message"],
                    },
                },
                "images": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "alt": {"type": "string"},
                            "image_url": {"type": "string"},
                            "caption": {"type": "string"},
                        },
                        "required": ["alt", "image_url"],
                    },
                },
            },
            "required": output_required,
        },
        "actions": {
            "type": "array",
            "maxItems": 3,
            "items": {
                "type": "object",
                "properties": {
                    "label": {"type": "string", "maxLength": 20},
                    "description": {"type": "string", "maxLength": 40},
                    "identifier": {"type": "string", "maxLength": 20},
                },
                "required": ["label", "description", "identifier"],
            },
        },
    })
}

fn check_run_create_body() -> Value {
    let mut properties = check_run_properties(&["title", "summary"]);
    properties["head_sha"] = json!({"type": "string"});
    json!({
        "type": "object",
        "properties": properties,
        "required": ["name", "head_sha"],
        // A completed run needs a conclusion.
        "oneOf": [
            {
                "properties": {"status": {"enum": ["completed"]}},
                "required": ["status", "conclusion"],
                "additionalProperties": true,
            },
            {
                "properties": {"status": {"enum": ["queued", "in_progress"]}},
                "additionalProperties": true,
            },
        ],
    })
}

fn check_run_update_body() -> Value {
    json!({
        "type": "object",
        "properties": check_run_properties(&["summary"]),
        "anyOf": [
            {
                "properties": {"status": {"enum": ["completed"]}},
                "required": ["conclusion"],
                "additionalProperties": true,
            },
            {
                "properties": {"status": {"enum": ["queued", "in_progress"]}},
                "additionalProperties": true,
            },
        ],
    })
}

impl Endpoint {
    /// The path parameters, when `path` (without the API prefix) fits this template.
    pub fn matches<'a>(&self, path: &'a str) -> Option<Vec<(&'static str, String)>> {
        let template: Vec<&'static str> = self.path.trim_start_matches('/').split('/').collect();
        let segments: Vec<&'a str> = path.trim_start_matches('/').split('/').collect();
        let mut params = Vec::new();
        for (i, t) in template.iter().enumerate() {
            let Some(name) = t.strip_prefix('{').and_then(|n| n.strip_suffix('}')) else {
                if segments.get(i) != Some(t) {
                    return None;
                }
                continue;
            };
            let last = i + 1 == template.len();
            let value = if last && self.multi_segment_params.contains(&name) {
                segments.get(i..).map(|rest| rest.join("/"))?
            } else {
                (*segments.get(i)?).to_string()
            };
            if value.is_empty() || value.split('/').any(str::is_empty) {
                return None;
            }
            if self.integer_params.contains(&name) && !value.chars().all(|c| c.is_ascii_digit()) {
                return None;
            }
            params.push((name, value));
        }
        let spans_rest = template
            .last()
            .and_then(|t| t.strip_prefix('{').and_then(|n| n.strip_suffix('}')))
            .is_some_and(|n| self.multi_segment_params.contains(&n));
        (spans_rest || segments.len() == template.len()).then_some(params)
    }

    /// The limit violations of a body.
    pub fn limit_problems(&self, body: &Value) -> Vec<String> {
        self.limits
            .iter()
            .filter_map(|limit| {
                let (pointer, max, size, unit) = match *limit {
                    Limit::Chars { pointer, max, .. } => (
                        pointer,
                        max,
                        body.pointer(pointer)
                            .and_then(Value::as_str)
                            .map_or(0, |s| s.chars().count()),
                        "characters",
                    ),
                    Limit::Bytes { pointer, max, .. } => (
                        pointer,
                        max,
                        body.pointer(pointer)
                            .and_then(Value::as_str)
                            .map_or(0, str::len),
                        "bytes",
                    ),
                };
                (size as u64 > max).then(|| format!("{pointer} has {size} {unit}, over {max}"))
            })
            .collect()
    }
}

/// The operation for a method and a path without the API prefix.
pub fn find(method: &str, path: &str) -> Option<&'static Endpoint> {
    ENDPOINTS
        .iter()
        .find(|e| e.method.eq_ignore_ascii_case(method) && e.matches(path).is_some())
}

#[test]
fn templates_match_paths_by_segment_and_type() {
    let update = find("PATCH", "/repos/o/r/issues/comments/12").expect("documented");
    assert_eq!(update.operation, "issues/update-comment");
    assert_eq!(
        update.matches("/repos/o/r/issues/comments/12"),
        Some(vec![
            ("owner", "o".to_string()),
            ("repo", "r".to_string()),
            ("comment_id", "12".to_string())
        ])
    );
    // No documented operation: (why, method, path).
    for (why, method, path) in [
        (
            "an integer parameter takes digits only",
            "PATCH",
            "/repos/o/r/issues/comments/abc",
        ),
        ("a segment missing", "PATCH", "/repos/o/r/issues/comments"),
        (
            "a segment too many",
            "PATCH",
            "/repos/o/r/issues/comments/12/x",
        ),
        ("an empty segment", "PATCH", "/repos/o//issues/comments/12"),
        (
            "octocrab's update_comment sends POST to the comment",
            "POST",
            "/repos/o/r/issues/comments/12",
        ),
    ] {
        assert!(find(method, path).is_none(), "{why}: {method} {path}");
    }
    // A multi-segment parameter: a commit ref may be `heads/main`.
    let commit = find("GET", "/repos/o/r/commits/abc").expect("documented");
    assert_eq!(commit.operation, "repos/get-commit");
    assert_eq!(
        commit
            .matches("/repos/o/r/commits/heads/main")
            .map(|p| p[2].1.clone()),
        Some("heads/main".to_string())
    );
    assert!(commit.matches("/repos/o/r/commits/").is_none());
}

#[test]
fn limits_count_characters_or_bytes() {
    let create = find("POST", "/repos/o/r/issues/7/comments").expect("documented");
    assert!(
        create
            .limit_problems(&json!({"body": "é".repeat(65_536)}))
            .is_empty()
    );
    assert_eq!(
        create.limit_problems(&json!({"body": "a".repeat(65_537)})),
        ["/body has 65537 characters, over 65536"]
    );
    let run = find("POST", "/repos/o/r/check-runs").expect("documented");
    // 40,000 two-byte characters: within the schema's character count, over GitHub's bytes.
    let problems = run.limit_problems(&json!({"output": {"summary": "é".repeat(40_000)}}));
    assert_eq!(problems, ["/output/summary has 80000 bytes, over 65535"]);
}

#[test]
fn commit_facts_tell_a_documented_answer_from_an_undocumented_one() {
    let good = json!({
        "url": "u", "sha": "s", "node_id": "n", "html_url": "h", "comments_url": "c",
        "commit": {
            "url": "u", "author": null, "committer": null, "message": "m", "comment_count": 0,
            "tree": {"sha": "t", "url": "u"},
            "verification": {
                "verified": false, "reason": "unsigned", "signature": null, "payload": null,
                "verified_at": null
            }
        },
        "author": {}, "committer": null, "parents": []
    });
    assert_eq!(commit::problems(&good), Vec::<String>::new());
    let mut bad = good.clone();
    bad["commit"]["verification"]["reason"] = json!("looks_fine");
    bad["commit"]["verification"]["verified"] = json!("yes");
    bad.as_object_mut().map(|o| o.remove("parents"));
    assert_eq!(
        commit::problems(&bad),
        [
            "/parents is missing",
            "/commit/verification/verified is not a boolean",
            "/commit/verification/reason Some(\"looks_fine\") is not a documented reason",
        ]
    );
}
