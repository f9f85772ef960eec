//! Checks requests against what GitHub documents, as written down in `endpoints.rs`: every
//! request must be a documented (method, path template), use only documented query parameters,
//! and send only documented body properties, valid against the body schema and within the limits
//! GitHub enforces. `table_matches_the_description` compares that table with GitHub's own OpenAPI
//! description when its excerpt is beside the project (`../shared/github-api/spec_subset.json`).

use std::path::Path;

use serde_json::{Map, Value};
use wiremock::Request;

use super::endpoints::{Body, ENDPOINTS, Endpoint, Limit, find};

/// Panics with every request that is not a documented GitHub operation.
pub fn assert_documented(requests: &[Request], prefix: &str) {
    assert!(!requests.is_empty(), "no requests were received");
    let problems: Vec<String> = requests
        .iter()
        .filter_map(|r| {
            check(r, prefix)
                .err()
                .map(|e| format!("{} {}: {e}", r.method, r.url.path()))
        })
        .collect();
    assert!(
        problems.is_empty(),
        "undocumented requests:\n{}",
        problems.join("\n")
    );
}

fn check(request: &Request, prefix: &str) -> Result<(), String> {
    let path = request
        .url
        .path()
        .strip_prefix(prefix)
        .ok_or_else(|| format!("path lacks the API prefix `{prefix}`"))?;
    let endpoint = find(request.method.as_str(), path)
        .ok_or_else(|| "no documented operation has this method and path".to_string())?;
    for (name, _) in request.url.query_pairs() {
        if !endpoint.query.contains(&name.as_ref()) {
            return Err(format!(
                "query parameter `{name}` is not documented for {}",
                endpoint.path
            ));
        }
    }
    check_body(endpoint, &request.body)
}

fn check_body(endpoint: &Endpoint, raw: &[u8]) -> Result<(), String> {
    let schema = match endpoint.body {
        Body::None if raw.is_empty() => return Ok(()),
        Body::None => return Err(format!("{} takes no body", endpoint.path)),
        Body::Required(_) if raw.is_empty() => {
            return Err(format!("{} requires a body", endpoint.path));
        }
        Body::Required(schema) => schema(),
    };
    let body: Value = serde_json::from_slice(raw).map_err(|e| format!("body is not JSON: {e}"))?;
    let mut undocumented = Vec::new();
    walk(&schema, &body, "", &mut undocumented);
    if !undocumented.is_empty() {
        return Err(format!(
            "undocumented body properties: {}",
            undocumented.join(", ")
        ));
    }
    let validator = jsonschema::draft4::options()
        .build(&schema)
        .map_err(|e| format!("schema does not compile: {e}"))?;
    let errors: Vec<String> = validator
        .iter_errors(&body)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    if !errors.is_empty() {
        return Err(format!("body invalid: {}", errors.join("; ")));
    }
    let over = endpoint.limit_problems(&body);
    if over.is_empty() {
        Ok(())
    } else {
        Err(over.join("; "))
    }
}

/// Collects body properties the schema does not name.
fn walk(schema: &Value, value: &Value, at: &str, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            let Some(props) = schema.get("properties").and_then(Value::as_object) else {
                return;
            };
            for (key, v) in map {
                match props.get(key) {
                    Some(s) => walk(s, v, &format!("{at}/{key}"), out),
                    None => out.push(format!("{at}/{key}")),
                }
            }
        }
        Value::Array(items) => {
            if let Some(s) = schema.get("items") {
                for (i, v) in items.iter().enumerate() {
                    walk(s, v, &format!("{at}/{i}"), out);
                }
            }
        }
        _ => {}
    }
}

#[test]
fn the_checker_rejects_what_github_does_not_document() {
    let update = find("PATCH", "/repos/o/r/issues/comments/12").expect("documented");
    let body = |v: Value| serde_json::to_vec(&v).expect("JSON");
    assert_eq!(
        check_body(
            update,
            &body(serde_json::json!({"body": "x", "sticky": true}))
        ),
        Err("undocumented body properties: /sticky".to_string())
    );
    assert!(check_body(update, &body(serde_json::json!({"body": 1}))).is_err());
    assert!(check_body(update, b"").is_err(), "a body is required");
    assert!(check_body(update, &body(serde_json::json!({"body": "fine"}))).is_ok());
    let run = find("POST", "/repos/o/r/check-runs").expect("documented");
    // Completed without a conclusion: the description's oneOf refuses it.
    let completed = serde_json::json!({"name": "t", "head_sha": "a", "status": "completed"});
    assert!(check_body(run, &body(completed)).is_err());
    let annotations: Vec<Value> = (0..51)
        .map(|_| {
            serde_json::json!({"path": "a", "start_line": 1, "end_line": 1,
                               "annotation_level": "notice", "message": "m"})
        })
        .collect();
    let too_many = serde_json::json!({"name": "t", "head_sha": "a", "status": "completed",
        "conclusion": "success", "output": {"title": "t", "summary": "s", "annotations": annotations}});
    assert!(check_body(run, &body(too_many)).is_err());
    let delete = find("DELETE", "/repos/o/r/issues/comments/12").expect("documented");
    assert!(check_body(delete, b"{}").is_err(), "DELETE takes no body");
}

/// GitHub's description beside the project, when this machine has it.
const DESCRIPTION: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/github-api/spec_subset.json"
);

#[test]
fn table_matches_the_description() {
    let Ok(text) = std::fs::read_to_string(DESCRIPTION) else {
        let shown = Path::new(DESCRIPTION).display();
        // Test output: says plainly that this comparison did not run.
        #[allow(clippy::print_stderr)]
        {
            eprintln!(
                "SKIPPED table_matches_the_description: {shown} is not present (it exists only \
                 beside the project's own checkout); the endpoint table was not compared"
            );
        }
        return;
    };
    let spec: Value = serde_json::from_str(&text).expect("the description is JSON");
    let mut problems = Vec::new();
    for endpoint in ENDPOINTS {
        if let Err(e) = compare(&spec, endpoint) {
            problems.push(format!("{} {}: {e}", endpoint.method, endpoint.path));
        }
    }
    assert!(
        problems.is_empty(),
        "the endpoint table differs from GitHub's description:\n{}",
        problems.join("\n")
    );
}

fn compare(spec: &Value, endpoint: &Endpoint) -> Result<(), String> {
    let method = endpoint.method.to_ascii_lowercase();
    let op = spec["paths"][endpoint.path]
        .get(method.as_str())
        .ok_or("not in the description")?;
    if op["operationId"] != endpoint.operation {
        return Err(format!(
            "operationId is {}, the table says {}",
            op["operationId"], endpoint.operation
        ));
    }
    let params: Vec<Value> = op["parameters"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| resolve(spec, p))
        .collect();
    let named = |pred: &dyn Fn(&Value) -> bool| -> Vec<String> {
        let mut names: Vec<String> = params
            .iter()
            .filter(|p| pred(p))
            .filter_map(|p| p["name"].as_str().map(str::to_string))
            .collect();
        names.sort();
        names
    };
    let sorted = |list: &[&str]| -> Vec<String> {
        let mut v: Vec<String> = list.iter().map(|s| (*s).to_string()).collect();
        v.sort();
        v
    };
    let checks = [
        (
            "integer path parameters",
            named(&|p| p["in"] == "path" && p["schema"]["type"] == "integer"),
            sorted(endpoint.integer_params),
        ),
        (
            "multi-segment path parameters",
            named(&|p| p["in"] == "path" && p["x-multi-segment"] == true),
            sorted(endpoint.multi_segment_params),
        ),
        (
            "query parameters",
            named(&|p| p["in"] == "query"),
            sorted(endpoint.query),
        ),
    ];
    for (what, documented, table) in checks {
        if documented != table {
            return Err(format!("{what}: described {documented:?}, table {table:?}"));
        }
    }
    let described = &op["requestBody"];
    match endpoint.body {
        Body::None if described.is_null() => {}
        Body::None => return Err("the description has a request body".into()),
        Body::Required(schema) => {
            if described["required"] != true {
                return Err("the description's body is not required".into());
            }
            let documented = shape(spec, &described["content"]["application/json"]["schema"]);
            let table = shape(spec, &schema());
            if documented != table {
                return Err(format!(
                    "body schema differs:\n  described {documented}\n  table     {table}"
                ));
            }
        }
    }
    for limit in endpoint.limits {
        let (overlay, max) = match *limit {
            Limit::Chars { overlay, max, .. } | Limit::Bytes { overlay, max, .. } => (overlay, max),
        };
        let described = spec["x-mock-overlay"][overlay].as_u64();
        if described != Some(max) {
            return Err(format!(
                "limit {overlay}: described {described:?}, table {max}"
            ));
        }
    }
    Ok(())
}

/// A schema reduced to what a request must satisfy: types, formats, enums, sizes, required
/// names, properties and combinations; `$ref`s resolved, prose and defaults dropped.
fn shape(spec: &Value, schema: &Value) -> Value {
    const KEPT: [&str; 14] = [
        "type",
        "format",
        "enum",
        "maxLength",
        "minLength",
        "maxItems",
        "minItems",
        "maximum",
        "minimum",
        "required",
        "additionalProperties",
        "oneOf",
        "anyOf",
        "allOf",
    ];
    let schema = resolve(spec, schema);
    let Value::Object(map) = schema else {
        return schema;
    };
    let mut out = Map::new();
    for (key, value) in &map {
        if key == "properties" {
            let props = value
                .as_object()
                .into_iter()
                .flatten()
                .map(|(name, s)| (name.clone(), shape(spec, s)))
                .collect();
            out.insert(key.clone(), Value::Object(props));
        } else if key == "items" {
            out.insert(key.clone(), shape(spec, value));
        } else if matches!(key.as_str(), "oneOf" | "anyOf" | "allOf") {
            let parts = value
                .as_array()
                .into_iter()
                .flatten()
                .map(|s| shape(spec, s))
                .collect();
            out.insert(key.clone(), Value::Array(parts));
        } else if KEPT.contains(&key.as_str()) {
            out.insert(key.clone(), value.clone());
        }
    }
    Value::Object(out)
}

fn resolve(spec: &Value, value: &Value) -> Value {
    match value.get("$ref").and_then(Value::as_str) {
        Some(reference) => spec
            .pointer(reference.trim_start_matches('#'))
            .cloned()
            .unwrap_or(Value::Null),
        None => value.clone(),
    }
}

#[test]
fn response_facts_match_the_description() {
    use super::endpoints::commit;
    let Ok(text) = std::fs::read_to_string(DESCRIPTION) else {
        // Test output: says plainly that this comparison did not run.
        #[allow(clippy::print_stderr)]
        {
            eprintln!(
                "SKIPPED response_facts_match_the_description: {DESCRIPTION} is not present (it \
                 exists only beside the project's own checkout); the commit facts were not \
                 compared"
            );
        }
        return;
    };
    let spec: Value = serde_json::from_str(&text).expect("the description is JSON");
    let names = |v: &Value| -> Vec<String> {
        let mut n: Vec<String> = v
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|s| s.as_str().map(str::to_string))
            .collect();
        n.sort();
        n
    };
    let sorted = |list: &[&str]| -> Vec<String> {
        let mut v: Vec<String> = list.iter().map(|s| (*s).to_string()).collect();
        v.sort();
        v
    };
    let schema = &spec["components"]["schemas"];
    assert_eq!(
        names(&schema["commit"]["required"]),
        sorted(commit::REQUIRED)
    );
    assert_eq!(
        names(&schema["commit"]["properties"]["commit"]["required"]),
        sorted(commit::GIT_REQUIRED)
    );
    assert_eq!(
        schema["commit"]["properties"]["commit"]["properties"]["verification"]["$ref"],
        "#/components/schemas/verification"
    );
    let verification = &schema["verification"];
    assert_eq!(
        names(&verification["required"]),
        sorted(commit::VERIFICATION_REQUIRED)
    );
    assert_eq!(verification["properties"]["verified"]["type"], "boolean");
    assert_eq!(verification["properties"]["reason"]["type"], "string");
    for nullable in ["payload", "signature", "verified_at"] {
        assert_eq!(
            verification["properties"][nullable]["nullable"], true,
            "{nullable}"
        );
    }
    assert_eq!(
        names(&verification["x-documented-reasons"]["values"]),
        sorted(commit::REASONS)
    );
    // Both operations answer with that schema: one commit, or a list of them.
    let ok = |path: &str| {
        spec["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
            .clone()
    };
    assert_eq!(
        ok("/repos/{owner}/{repo}/commits/{ref}")["$ref"],
        "#/components/schemas/commit"
    );
    let list = ok("/repos/{owner}/{repo}/pulls/{pull_number}/commits");
    assert_eq!(list["type"], "array");
    assert_eq!(list["items"]["$ref"], "#/components/schemas/commit");
    let overlay = &spec["x-mock-overlay"];
    assert_eq!(
        overlay["pull_request_commits_max"].as_u64(),
        Some(commit::LISTED_MAX as u64)
    );
    assert_eq!(
        overlay["unknown_commit_ref"]["status"].as_u64(),
        Some(u64::from(commit::UNKNOWN_REF_STATUS))
    );
}
