//! `expr` rules: custom conditions in CEL (Common Expression Language), the language of
//! Kubernetes admission policies. CEL has no loops or recursion, but comprehension macros
//! (`map`, `filter`, `all`, `exists`, `exists_one`) nested inside each other multiply the work by
//! the size of each list. So three bounds apply: the expression is at most 4 KiB (schema),
//! comprehensions nest at most [`MAX_COMPREHENSION_DEPTH`] deep (checked when compiling), and an
//! evaluation that takes longer than [`TIME_LIMIT`] is abandoned as a run-time failure.

use std::sync::Arc;
use std::time::Duration;

/// Deepest nesting of comprehension macros accepted in an expression.
pub const MAX_COMPREHENSION_DEPTH: usize = 2;

/// Longest one evaluation may run before it counts as failed.
pub const TIME_LIMIT: Duration = Duration::from_secs(2);

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
        comprehension_depth(source)?;
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

    /// Evaluates the expression with the given variables; it must yield a boolean within
    /// [`TIME_LIMIT`]. The evaluation runs on its own thread so that it can be abandoned.
    pub fn evaluate(&self, vars: &[(&str, &Value)]) -> Result<bool, ExprError> {
        self.evaluate_within(vars, TIME_LIMIT)
    }

    fn evaluate_within(&self, vars: &[(&str, &Value)], limit: Duration) -> Result<bool, ExprError> {
        let owned: Vec<(String, Value)> = vars
            .iter()
            .map(|(n, v)| ((*n).to_string(), (*v).clone()))
            .collect();
        let program = Arc::clone(&self.program);
        let (tx, rx) = std::sync::mpsc::channel();
        let spawned = std::thread::Builder::new()
            .name("cel".into())
            .spawn(move || {
                let _ = tx.send(run(&program, &owned));
            });
        if let Err(e) = spawned {
            return Err(ExprError {
                message: format!("cannot start the evaluation: {e}"),
                at: None,
            });
        }
        match rx.recv_timeout(limit) {
            Ok(result) => result,
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => Err(ExprError {
                message: format!(
                    "the expression did not finish within {} s; simplify it or nest fewer comprehensions",
                    limit.as_secs_f64()
                ),
                at: None,
            }),
            // The thread ended without an answer: the interpreter panicked.
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => Err(ExprError {
                message: "the expression failed while evaluating".into(),
                at: None,
            }),
        }
    }
}

/// One evaluation, on the evaluation thread.
fn run(program: &cel::Program, vars: &[(String, Value)]) -> Result<bool, ExprError> {
    let mut context = cel::Context::default();
    for (name, value) in vars {
        let v = cel::to_value(value).map_err(|e| ExprError {
            message: format!("cannot pass `{name}` to the expression: {e}"),
            at: None,
        })?;
        context.add_variable_from_value(name.as_str(), v);
    }
    match program.execute(&context) {
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

/// Rejects expressions whose comprehension macros nest deeper than allowed.
fn comprehension_depth(source: &str) -> Result<(), ExprError> {
    const MACROS: [&str; 5] = ["map", "filter", "all", "exists", "exists_one"];
    // For each open parenthesis: whether it opened a comprehension.
    let mut stack: Vec<bool> = Vec::new();
    let mut quote: Option<char> = None;
    let mut word = String::new();
    let mut after_dot = false;
    let (mut line, mut col) = (1u32, 0u32);
    for c in source.chars() {
        col += 1;
        if c == '\n' {
            line += 1;
            col = 0;
        }
        if let Some(q) = quote {
            if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '"' | '\'' => quote = Some(c),
            '(' => {
                let is_macro = after_dot && MACROS.contains(&word.as_str());
                stack.push(is_macro);
                if stack.iter().filter(|m| **m).count() > MAX_COMPREHENSION_DEPTH {
                    return Err(ExprError {
                        message: format!(
                            "comprehensions (map, filter, all, exists) nest more than {MAX_COMPREHENSION_DEPTH} deep"
                        ),
                        at: Some((line, col)),
                    });
                }
            }
            ')' => {
                stack.pop();
            }
            _ => {}
        }
        if c.is_alphanumeric() || c == '_' {
            word.push(c);
        } else {
            after_dot = c == '.';
            if c != '(' {
                word.clear();
            }
        }
        if c == '(' {
            word.clear();
        }
    }
    Ok(())
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

    #[test]
    fn deep_comprehensions_are_refused_and_slow_ones_time_out() {
        let ok = "results.results.all(r, kpis.kpis.exists(k, k.id == r.kpi))";
        assert!(ExprRule::compile(ok, "m".into(), "results").is_ok());
        let deep = "l.map(a, l.map(b, l.map(c, 1))).size() > 0";
        let err = ExprRule::compile(deep, "m".into(), "project").expect_err("too deep");
        assert_eq!(err.at, Some((1, 24)), "{err:?}");
        // Two nested comprehensions over 3,000 items: nine million steps, far beyond 1 ms.
        let slow = ExprRule::compile("l.all(a, l.all(b, a + b >= 0))", "m".into(), "project")
            .expect("compiles");
        let list = Value::Array((0..3000).map(Value::from).collect());
        let err = slow
            .evaluate_within(&[("l", &list)], Duration::from_millis(1))
            .expect_err("times out");
        assert!(err.message.contains("did not finish"), "{err:?}");
    }
}
