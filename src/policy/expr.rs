//! `expr` rules: custom conditions in CEL (Common Expression Language), the language of
//! Kubernetes admission policies. CEL has no loops or recursion, so evaluation time is bounded by
//! the size of the expression (capped at 4 KiB by the schema) and of the data (capped per file).

use std::sync::Arc;

use serde_json::Value;

use crate::files::Files;
use crate::findings::Location;

/// A compiled expression with its message and the file its findings point at.
#[derive(Clone)]
pub struct ExprRule {
    pub source: String,
    pub message: String,
    pub file: String,
    program: Arc<cel::Program>,
}

impl std::fmt::Debug for ExprRule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ExprRule")
            .field("source", &self.source)
            .field("message", &self.message)
            .field("file", &self.file)
            .finish_non_exhaustive()
    }
}

/// A compile or run-time error, with the position inside the expression when known.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ExprError {
    pub message: String,
    /// 1-based line and column inside the expression text.
    pub at: Option<(u32, u32)>,
}

impl ExprError {
    /// The error's place in the policy file, given where the expression's value starts.
    pub fn locate(&self, files: &Files, value_at: &Location) -> Location {
        let mut loc = value_at.clone();
        let Some((line, col)) = self.at else {
            return loc;
        };
        let first = files.line(&loc.file, loc.line).unwrap_or_default();
        let rest: String = first.chars().skip(loc.column as usize - 1).collect();
        // A block scalar's body starts on the line after its `|` or `>` indicator; the value's
        // position is either the indicator or the first line of the body.
        let body_start = if rest.starts_with('|') || rest.starts_with('>') {
            Some(loc.line + 1)
        } else if loc.line > 1
            && first
                .chars()
                .take(loc.column as usize - 1)
                .all(|c| c == ' ')
            && files
                .line(&loc.file, loc.line - 1)
                .is_some_and(ends_with_block_indicator)
        {
            Some(loc.line)
        } else {
            None
        };
        if let Some(start) = body_start {
            // Every body line is indented by the first line's indentation, which the
            // expression's text does not contain.
            let indent = files
                .line(&loc.file, start)
                .map(|l| l.chars().take_while(|c| *c == ' ').count() as u32)
                .unwrap_or(0);
            loc.line = start + line - 1;
            loc.column = indent + col;
        } else if line == 1 {
            let quoted = rest.starts_with('"') || rest.starts_with('\'');
            loc.column += col - 1 + u32::from(quoted);
        }
        loc
    }
}

/// Whether a line ends with a block scalar header (`key: |`, `key: >-`, `key: |2 # note`).
fn ends_with_block_indicator(line: &str) -> bool {
    let code = line.split(" #").next().unwrap_or_default().trim_end();
    let head = code.trim_end_matches(|c: char| c == '-' || c == '+' || c.is_ascii_digit());
    head.ends_with(": |") || head.ends_with(": >") || head.ends_with("- |") || head.ends_with("- >")
}

impl ExprRule {
    pub fn compile(source: &str, message: String, file: &str) -> Result<ExprRule, ExprError> {
        let program = std::panic::catch_unwind(|| cel::Program::compile(source))
            .map_err(|_| ExprError {
                message: "the expression could not be parsed".into(),
                at: None,
            })?
            .map_err(|e| {
                let first = e.errors.first();
                ExprError {
                    message: first.map_or_else(|| e.to_string(), |p| p.msg.clone()),
                    // The parser reports 1-based lines and columns already.
                    at: first.map(|p| {
                        (
                            u32::try_from(p.pos.0.max(1)).unwrap_or(1),
                            u32::try_from(p.pos.1.max(1)).unwrap_or(1),
                        )
                    }),
                }
            })?;
        Ok(ExprRule {
            source: source.to_string(),
            message,
            file: file.to_string(),
            program: Arc::new(program),
        })
    }

    /// Evaluates the expression with the given variables; it must yield a boolean.
    pub fn evaluate(&self, vars: &[(&str, &Value)]) -> Result<bool, ExprError> {
        let mut context = cel::Context::default();
        for (name, value) in vars {
            let v = cel::to_value(value).map_err(|e| ExprError {
                message: format!("cannot pass `{name}` to the expression: {e}"),
                at: None,
            })?;
            context.add_variable_from_value(*name, v);
        }
        let program = Arc::clone(&self.program);
        let result =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| program.execute(&context)))
                .map_err(|_| ExprError {
                    message: "the expression failed while evaluating".into(),
                    at: None,
                })?;
        match result {
            Ok(cel::Value::Bool(b)) => Ok(b),
            Ok(other) => Err(ExprError {
                message: format!("the expression must yield true or false, not {other:?}"),
                at: None,
            }),
            Err(e) => Err(ExprError {
                message: e.to_string(),
                at: None,
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn evaluates_against_json_variables() {
        let rule = ExprRule::compile(
            "project.partner.model == 'accompanying' && size(kpis.kpis) > 1",
            "m".into(),
            "project",
        )
        .expect("compiles");
        let project = json!({"partner": {"model": "accompanying"}});
        let kpis = json!({"kpis": [1, 2]});
        assert_eq!(
            rule.evaluate(&[("project", &project), ("kpis", &kpis)]),
            Ok(true)
        );
        let project = json!({"partner": {"model": "delivery"}});
        assert_eq!(
            rule.evaluate(&[("project", &project), ("kpis", &kpis)]),
            Ok(false)
        );
    }

    #[test]
    fn parse_errors_have_positions_and_runtime_errors_are_errors() {
        let err = ExprRule::compile("project.stage == ", "m".into(), "project").expect_err("bad");
        assert!(err.at.is_some(), "{err:?}");
        let err = ExprRule::compile("gate == ) ", "m".into(), "project").expect_err("bad");
        assert_eq!(err.at, Some((1, 9)), "1-based position of `)`");
        let rule = ExprRule::compile("project.nosuch.deeper == 1", "m".into(), "project")
            .expect("compiles");
        let project = json!({"stage": "poc"});
        assert!(rule.evaluate(&[("project", &project)]).is_err());
        let rule = ExprRule::compile("1 + 1", "m".into(), "project").expect("compiles");
        assert!(
            rule.evaluate(&[]).is_err(),
            "non-boolean result is an error"
        );
    }
}
