//! Checks requests against GitHub's own description of its API: the subset of the official
//! OpenAPI document kept in `../shared/github-api/spec_subset.json` (beside the project, in CI
//! too). Every request must be a documented (method, path template), use only documented query
//! parameters, and send only documented body properties, valid against the body schema and
//! within the limits the description does not state (`x-mock-overlay`).

use std::sync::OnceLock;

use serde_json::Value;
use wiremock::Request;

fn spec() -> &'static Value {
    static SPEC: OnceLock<Value> = OnceLock::new();
    SPEC.get_or_init(|| {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/github-api/spec_subset.json"
        );
        let text = std::fs::read_to_string(path)
            .unwrap_or_else(|e| panic!("cannot read the GitHub API description {path}: {e}"));
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path} is not JSON: {e}"))
    })
}

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
    let method = request.method.as_str().to_ascii_lowercase();
    let paths = spec()["paths"].as_object().ok_or("spec has no paths")?;
    let (template, operation) = paths
        .iter()
        .find_map(|(template, ops)| {
            let params = path_params(template, path)?;
            let op = ops.get(method.as_str())?;
            typed_path_params(op, &params).then_some((template, op))
        })
        .ok_or_else(|| "no documented operation has this method and path".to_string())?;
    let documented: Vec<Value> = operation["parameters"]
        .as_array()
        .into_iter()
        .flatten()
        .map(resolve)
        .collect();
    for (name, _) in request.url.query_pairs() {
        let known = documented
            .iter()
            .any(|p| p["in"] == "query" && p["name"] == name.as_ref());
        if !known {
            return Err(format!(
                "query parameter `{name}` is not documented for {template}"
            ));
        }
    }
    if request.body.is_empty() {
        if operation["requestBody"]["required"] == true {
            return Err(format!("{template} requires a body"));
        }
        return Ok(());
    }
    let body: Value =
        serde_json::from_slice(&request.body).map_err(|e| format!("body is not JSON: {e}"))?;
    let schema = &operation["requestBody"]["content"]["application/json"]["schema"];
    if schema.is_null() {
        return Err(format!("{template} takes no body"));
    }
    let mut undocumented = Vec::new();
    walk(schema, &body, "", &mut undocumented);
    if !undocumented.is_empty() {
        return Err(format!(
            "undocumented body properties: {}",
            undocumented.join(", ")
        ));
    }
    let validator = jsonschema::draft4::options()
        .build(schema)
        .map_err(|e| format!("schema does not compile: {e}"))?;
    let errors: Vec<String> = validator
        .iter_errors(&body)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    if !errors.is_empty() {
        return Err(format!("body invalid: {}", errors.join("; ")));
    }
    overlay_limits(operation, &body)
}

/// The path parameters if `path` fits `template`.
fn path_params<'a>(template: &'a str, path: &'a str) -> Option<Vec<(&'a str, &'a str)>> {
    let t: Vec<&str> = template.trim_start_matches('/').split('/').collect();
    let p: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    if t.len() != p.len() {
        return None;
    }
    let mut params = Vec::new();
    for (t, p) in t.iter().zip(&p) {
        if let Some(name) = t.strip_prefix('{').and_then(|n| n.strip_suffix('}')) {
            if p.is_empty() {
                return None;
            }
            params.push((name, *p));
        } else if t != p {
            return None;
        }
    }
    Some(params)
}

/// Integer path parameters must be digits.
fn typed_path_params(operation: &Value, params: &[(&str, &str)]) -> bool {
    let documented: Vec<Value> = operation["parameters"]
        .as_array()
        .into_iter()
        .flatten()
        .map(resolve)
        .collect();
    params.iter().all(|(name, value)| {
        let integer = documented
            .iter()
            .any(|p| p["in"] == "path" && p["name"] == *name && p["schema"]["type"] == "integer");
        !integer || value.chars().all(|c| c.is_ascii_digit())
    })
}

fn resolve(value: &Value) -> Value {
    match value.get("$ref").and_then(Value::as_str) {
        Some(reference) => {
            let pointer = reference.trim_start_matches('#');
            spec().pointer(pointer).cloned().unwrap_or(Value::Null)
        }
        None => value.clone(),
    }
}

/// Collects body properties the schema does not name.
fn walk(schema: &Value, value: &Value, at: &str, out: &mut Vec<String>) {
    let schema = resolve(schema);
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

/// Limits GitHub enforces that the description does not state.
fn overlay_limits(operation: &Value, body: &Value) -> Result<(), String> {
    let overlay = &spec()["x-mock-overlay"];
    let id = operation["operationId"].as_str().unwrap_or_default();
    if matches!(id, "issues/create-comment" | "issues/update-comment") {
        let max = overlay["issue_comment_body_max_chars"]
            .as_u64()
            .unwrap_or(65_536);
        let chars = body["body"].as_str().map_or(0, |b| b.chars().count()) as u64;
        if chars > max {
            return Err(format!("comment body has {chars} characters, over {max}"));
        }
    }
    if matches!(id, "checks/create" | "checks/update") {
        let max = overlay["check_run_output_text_max_bytes"]
            .as_u64()
            .unwrap_or(65_535);
        for field in ["summary", "text"] {
            let bytes = body["output"][field].as_str().map_or(0, str::len) as u64;
            if bytes > max {
                return Err(format!("output.{field} has {bytes} bytes, over {max}"));
            }
        }
        let max = overlay["check_run_annotations_max_items"]
            .as_u64()
            .unwrap_or(50);
        let n = body["output"]["annotations"].as_array().map_or(0, Vec::len) as u64;
        if n > max {
            return Err(format!("{n} annotations in one request, over {max}"));
        }
    }
    Ok(())
}

#[test]
fn the_checker_rejects_what_github_does_not_document() {
    let spec_op = |template: &str, method: &str| spec()["paths"][template][method].clone();
    let op = spec_op(
        "/repos/{owner}/{repo}/issues/comments/{comment_id}",
        "patch",
    );
    let mut extra = Vec::new();
    walk(
        &op["requestBody"]["content"]["application/json"]["schema"],
        &serde_json::json!({"body": "x", "sticky": true}),
        "",
        &mut extra,
    );
    assert_eq!(extra, ["/sticky"]);
    assert!(
        path_params(
            "/repos/{owner}/{repo}/issues/comments/{comment_id}",
            "/repos/o/r/issues/comments/12"
        )
        .is_some()
    );
    assert!(!typed_path_params(&op, &[("comment_id", "abc")]));
    // octocrab's update_comment sends POST to the comment: not documented.
    let post = spec_op("/repos/{owner}/{repo}/issues/comments/{comment_id}", "post");
    assert!(post.is_null());
}
