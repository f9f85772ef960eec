//! `expr` rules: evaluate the organisation's CEL condition against one project's files.

use serde_json::Value;

use super::context::Ctx;
use crate::findings::{Code, Finding};
use crate::policy::{ExprRule, Rule};

/// Pushes a finding when the expression is false; `Err` (a policy-runtime finding) when it
/// cannot be evaluated.
pub fn check(
    ctx: &Ctx<'_>,
    rule: &Rule,
    e: &ExprRule,
    out: &mut Vec<Finding>,
) -> Result<(), Box<Finding>> {
    let p = &ctx.p;
    let to_json = |v: Result<Value, serde_json::Error>| v.unwrap_or(Value::Null);
    let project = to_json(serde_json::to_value(&p.project.data));
    let kpis = to_json(serde_json::to_value(&p.kpis.data));
    let results = to_json(serde_json::to_value(&p.results.data));
    let governance = to_json(serde_json::to_value(&p.governance.data));
    let decisions = to_json(serde_json::to_value(&p.decisions.data));
    let issues = to_json(serde_json::to_value(&p.issues.data));
    let gate = Value::String(ctx.gate.as_str().into());
    let now = Value::String(ctx.now.to_string());
    let vars = [
        ("project", &project),
        ("kpis", &kpis),
        ("results", &results),
        ("governance", &governance),
        ("decisions", &decisions),
        ("issues", &issues),
        ("gate", &gate),
        ("now", &now),
    ];
    match e.evaluate(&vars) {
        Ok(true) => Ok(()),
        Ok(false) => {
            let path = match e.file.as_str() {
                "kpis" => &p.kpis.path,
                "results" => &p.results.path,
                "governance" => &p.governance.path,
                "decisions" => &p.decisions.path,
                "issues" => &p.issues.path,
                _ => &p.project.path,
            };
            out.push(
                Finding::new(Code::PolicyExpr, format!("{} (rule `{}`)", e.message, rule.id))
                    .at(ctx.at(path, ""))
                    .help(format!("the rule is defined in {}", rule.file)),
            );
            Ok(())
        }
        Err(err) => Err(Box::new(Finding::new(
            Code::PolicyRuntime,
            format!("rule `{}` failed on project `{}`: {err}", rule.id, p.id),
        )
        .at(ctx.files.value(&rule.file, &format!("{}/expr", rule.pointer)))
        .project(p.id)
        .help("guard optional fields with has(...), e.g. has(project.partner) && project.partner.model == 'accompanying'"))),
    }
}
