//! Reading tollgate's JSON: every report document checked against the published schema, and
//! helpers to pick findings, projects and KPIs out of it.

use serde_json::Value;

/// The findings of a `validate --format json` document.
#[track_caller]
pub fn findings(doc: &Value) -> &Vec<Value> {
    doc["findings"].as_array().expect("`findings` is a list")
}

/// The findings with `code`.
pub fn with_code<'a>(doc: &'a Value, code: &str) -> Vec<&'a Value> {
    findings(doc).iter().filter(|f| f["code"] == code).collect()
}

/// Asserts exactly one finding with `code`, at `file:line:col`, and returns it.
#[track_caller]
pub fn one<'a>(doc: &'a Value, code: &str, (file, line, column): (&str, u32, u32)) -> &'a Value {
    let found = with_code(doc, code);
    assert_eq!(found.len(), 1, "want one `{code}` finding in:\n{doc:#}");
    let f = found[0];
    assert_eq!(f["file"], file, "{f:#}");
    assert_eq!(f["line"], line, "{f:#}");
    assert_eq!(f["column"], column, "{f:#}");
    f
}

/// The set of codes of all findings, in output order.
pub fn codes(doc: &Value) -> Vec<String> {
    findings(doc)
        .iter()
        .map(|f| f["code"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// Parses a JSON document tollgate printed with `--format json` and validates it against the
/// published report schema (`tollgate schema report`, `schemas/report.schema.json`): every JSON
/// output the suite reads goes through here, so the schema is checked against all of them.
#[track_caller]
pub fn report_json(text: &[u8]) -> Value {
    let doc: Value = serde_json::from_slice(text)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", String::from_utf8_lossy(text)));
    assert_report_schema(&doc);
    doc
}

/// Fails with every schema error when `doc` does not match the report schema. The errors shown
/// are those against the command's own document kind (the `$defs` entry it comes closest to),
/// since a failed `oneOf` alone says little.
#[track_caller]
pub fn assert_report_schema(doc: &Value) {
    type Validators = (jsonschema::Validator, Vec<(String, jsonschema::Validator)>);
    static VALIDATORS: std::sync::OnceLock<Validators> = std::sync::OnceLock::new();
    let (whole, kinds) = VALIDATORS.get_or_init(|| {
        let schema: Value = serde_json::from_str(tollgate::report::json::SCHEMA)
            .expect("the report schema is JSON");
        let build = |s: &Value| {
            jsonschema::options()
                .should_validate_formats(true)
                .build(s)
                .expect("the report schema compiles")
        };
        let kinds = schema["oneOf"]
            .as_array()
            .expect("the report schema is a oneOf of documents")
            .iter()
            .map(|r| {
                let mut one = schema.clone();
                one["oneOf"] = Value::Array(vec![r.clone()]);
                (
                    r["$ref"].as_str().unwrap_or_default().to_string(),
                    build(&one),
                )
            })
            .collect();
        (build(&schema), kinds)
    });
    if whole.is_valid(doc) {
        return;
    }
    let (kind, errors) = kinds
        .iter()
        .map(|(kind, v)| {
            let errors: Vec<String> = v
                .iter_errors(doc)
                .map(|e| format!("  {} at `{}`", e, e.instance_path()))
                .collect();
            (kind, errors)
        })
        .min_by_key(|(_, errors)| errors.len())
        .expect("at least one kind");
    assert!(
        !errors.is_empty(),
        "the JSON output matches more than one document kind of the report schema:\n{doc:#}"
    );
    panic!(
        "the JSON output does not match schemas/report.schema.json (closest: {kind}):\n{}\n{doc:#}",
        errors.join("\n")
    );
}

/// A one-line-per-finding listing, for failure messages.
pub fn listing(doc: &Value) -> String {
    doc["findings"]
        .as_array()
        .map(|fs| {
            fs.iter()
                .map(|f| {
                    format!(
                        "{} {} {}:{}:{} {}",
                        f["severity"].as_str().unwrap_or("?"),
                        f["code"].as_str().unwrap_or("?"),
                        f["file"].as_str().unwrap_or("-"),
                        f["line"],
                        f["column"],
                        f["message"].as_str().unwrap_or("")
                    )
                })
                .collect::<Vec<_>>()
                .join("\n")
        })
        .unwrap_or_default()
}

/// The one finding with `code` at `file:line:col`; fails with the full listing otherwise.
pub fn finding_at<'a>(doc: &'a Value, code: &str, file: &str, at: (u64, u64)) -> &'a Value {
    let hits: Vec<&Value> = with_code(doc, code)
        .into_iter()
        .filter(|f| {
            f["file"] == file
                && f["line"].as_u64() == Some(at.0)
                && f["column"].as_u64() == Some(at.1)
        })
        .collect();
    assert_eq!(
        hits.len(),
        1,
        "expected one `{code}` at {file}:{}:{}, findings:\n{}",
        at.0,
        at.1,
        listing(doc)
    );
    hits[0]
}

/// Fails when any finding has `code`.
pub fn assert_no(doc: &Value, code: &str) {
    assert!(
        with_code(doc, code).is_empty(),
        "unexpected `{code}`, findings:\n{}",
        listing(doc)
    );
}

/// The report of one project.
pub fn project<'a>(doc: &'a Value, id: &str) -> &'a Value {
    doc["projects"]
        .as_array()
        .expect("projects array")
        .iter()
        .find(|p| p["id"] == id)
        .unwrap_or_else(|| panic!("no project {id} in the report"))
}

/// The KPI row of a project.
pub fn kpi<'a>(doc: &'a Value, project_id: &str, kpi_id: &str) -> &'a Value {
    project(doc, project_id)["kpis"]
        .as_array()
        .expect("kpis array")
        .iter()
        .find(|k| k["kpi"] == kpi_id)
        .unwrap_or_else(|| panic!("no KPI {kpi_id} in {project_id}"))
}

/// The error findings of a project.
pub fn errors_of<'a>(doc: &'a Value, project_id: &str) -> Vec<&'a Value> {
    doc["findings"]
        .as_array()
        .expect("findings array")
        .iter()
        .filter(|f| f["project"] == project_id && f["severity"] == "error")
        .collect()
}

/// The findings of the history integrity checks in a `check`, `log --verify` or `diff`
/// document, as (code, message), in output order.
pub fn history_findings(doc: &Value) -> Vec<(String, String)> {
    let history: Vec<&str> = tollgate::history::integrity::CODES
        .iter()
        .map(|c| c.as_str())
        .collect();
    findings(doc)
        .iter()
        .filter_map(|f| {
            let code = f["code"].as_str().expect("a finding has a code");
            history.contains(&code).then(|| {
                let message = f["message"].as_str().expect("a finding has a message");
                (code.to_string(), message.to_string())
            })
        })
        .collect()
}

/// The codes of [`history_findings`].
pub fn history_codes(doc: &Value) -> Vec<String> {
    history_findings(doc).into_iter().map(|(c, _)| c).collect()
}
