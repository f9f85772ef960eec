//! SARIF 2.1.0 (the OASIS static-analysis results format GitHub code scanning reads): one
//! reporting descriptor per finding code, one result per finding with a physical location.

use serde_json::{Value, json};

use crate::findings::{Code, Finding, Severity};

pub fn render(findings: &[Finding]) -> String {
    let rules: Vec<Value> = Code::ALL
        .iter()
        .map(|c| {
            json!({
                "id": c.as_str(),
                "shortDescription": {"text": c.summary()},
                "fullDescription": {"text": c.explanation()},
                "help": {"text": format!("tollgate explain {}", c.as_str())},
                "defaultConfiguration": {"level": level(c.default_severity())},
            })
        })
        .collect();
    let results: Vec<Value> = findings
        .iter()
        .map(|f| {
            let mut text = f.message.clone();
            if let Some(h) = &f.help {
                text.push_str(" Help: ");
                text.push_str(h);
            }
            let mut result = json!({
                "ruleId": f.code.as_str(),
                "ruleIndex": Code::ALL.iter().position(|c| *c == f.code),
                "level": level(f.severity),
                "message": {"text": text},
            });
            if let Some(l) = &f.location {
                result["locations"] = json!([{
                    "physicalLocation": {
                        "artifactLocation": {"uri": l.file, "uriBaseId": "%SRCROOT%"},
                        "region": {"startLine": l.line, "startColumn": l.column},
                    }
                }]);
            }
            if let Some(p) = &f.project {
                result["properties"] = json!({"project": p, "rule": f.rule});
            }
            result
        })
        .collect();
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "tollgate",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
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
