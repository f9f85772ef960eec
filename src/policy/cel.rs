//! `expr` rules: custom conditions in CEL (Common Expression Language), the language of
//! Kubernetes admission policies. CEL has no loops or recursion, but comprehension macros
//! (`map`, `filter`, `all`, `exists`, `exists_one`) nested inside each other multiply the work by
//! the size of each list. So three bounds apply: the expression is at most 4 KiB (schema),
//! comprehensions nest at most [`MAX_COMPREHENSION_DEPTH`] deep (checked when compiling), and an
//! evaluation that takes longer than [`TIME_LIMIT`] is abandoned as a run-time failure.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// Deepest nesting of comprehension macros accepted in an expression.
pub const MAX_COMPREHENSION_DEPTH: usize = 2;

/// Longest one evaluation may run before it counts as failed.
pub const TIME_LIMIT: Duration = Duration::from_secs(2);

use serde_json::Value;

use crate::findings::Location;
use crate::text::Files;

/// A compiled expression with its message and the file its findings point at.
#[derive(Clone)]
pub struct ExprRule {
    /// The expression as written.
    pub source: String,
    /// The message of the finding when the expression is false.
    pub message: String,
    /// The project file the finding points at (`project`, `kpis`, ...).
    pub file: String,
    program: Arc<cel::Program>,
    /// Set once an evaluation of this rule ran out of time. Its thread cannot be stopped (the
    /// interpreter has no cancellation) and runs on until the process ends, so the rule is not
    /// evaluated again: one runaway thread per rule at most, never one per project.
    timed_out: Arc<AtomicBool>,
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
    /// What is wrong.
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
                .is_some_and(|l| ends_with_block_indicator(&l))
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
    /// Compiles `source`, refusing expressions nested deeper than `MAX_COMPREHENSION_DEPTH`.
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
        comprehension_depth(&program, source)?;
        Ok(ExprRule {
            source: source.to_string(),
            message,
            file: file.to_string(),
            program: Arc::new(program),
            timed_out: Arc::new(AtomicBool::new(false)),
        })
    }

    /// Evaluates the expression with the given variables; it must yield a boolean within
    /// `TIME_LIMIT`. The evaluation runs on its own thread so that it can be abandoned.
    pub fn evaluate(&self, vars: &[(&str, &Value)]) -> Result<bool, ExprError> {
        self.evaluate_within(vars, TIME_LIMIT)
    }

    fn evaluate_within(&self, vars: &[(&str, &Value)], limit: Duration) -> Result<bool, ExprError> {
        if self.timed_out.load(Ordering::Relaxed) {
            return Err(ExprError {
                message: format!(
                    "not evaluated: an earlier evaluation of this expression did not finish \
                     within {} s; simplify it or nest fewer comprehensions",
                    limit.as_secs_f64()
                ),
                at: None,
            });
        }
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
                message: {
                    self.timed_out.store(true, Ordering::Relaxed);
                    format!(
                        "the expression did not finish within {} s; simplify it or nest fewer comprehensions",
                        limit.as_secs_f64()
                    )
                },
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

/// Rejects expressions whose comprehension macros nest deeper than allowed, counted on the
/// parsed expression: the macros are expanded by the parser into comprehension nodes, so
/// spacing (`l.all (a, ...)`), comments, parentheses or quoting cannot hide one.
fn comprehension_depth(program: &cel::Program, source: &str) -> Result<(), ExprError> {
    let Some(id) = too_deep(program.expression(), 0) else {
        return Ok(());
    };
    let at = program
        .source_info()
        .offset_for(id)
        .map(|(start, _)| line_column(source, start));
    Err(ExprError {
        message: format!(
            "comprehensions (map, filter, all, exists) nest more than {MAX_COMPREHENSION_DEPTH} deep"
        ),
        at,
    })
}

/// The id of the first comprehension nested deeper than the limit, if any. Recursion is bounded
/// by the parser's own nesting limit (and expressions are at most 4 KiB).
fn too_deep(e: &cel::IdedExpr, depth: usize) -> Option<u64> {
    use cel::common::ast::{EntryExpr, Expr};
    let entry = |entry: &cel::common::ast::IdedEntryExpr| match &entry.expr {
        EntryExpr::StructField(field) => too_deep(&field.value, depth),
        EntryExpr::MapEntry(pair) => {
            too_deep(&pair.key, depth).or_else(|| too_deep(&pair.value, depth))
        }
    };
    match &e.expr {
        Expr::Comprehension(c) => {
            let inner = depth + 1;
            if inner > MAX_COMPREHENSION_DEPTH {
                return Some(e.id);
            }
            // The range is evaluated once, outside the loop; the rest runs for every element.
            too_deep(&c.iter_range, depth)
                .or_else(|| too_deep(&c.accu_init, depth))
                .or_else(|| too_deep(&c.loop_cond, inner))
                .or_else(|| too_deep(&c.loop_step, inner))
                .or_else(|| too_deep(&c.result, inner))
        }
        Expr::Call(call) => call
            .target
            .as_deref()
            .and_then(|t| too_deep(t, depth))
            .or_else(|| call.args.iter().find_map(|a| too_deep(a, depth))),
        Expr::List(list) => list.elements.iter().find_map(|x| too_deep(x, depth)),
        Expr::Map(map) => map.entries.iter().find_map(entry),
        Expr::Struct(st) => st.entries.iter().find_map(entry),
        Expr::Select(select) => too_deep(&select.operand, depth),
        Expr::Unspecified | Expr::Ident(_) | Expr::Literal(_) => None,
    }
}

/// 1-based line and column of a character offset into the expression.
fn line_column(source: &str, offset: u32) -> (u32, u32) {
    let (mut line, mut column) = (1u32, 1u32);
    for c in source.chars().take(offset as usize) {
        if c == '\n' {
            line += 1;
            column = 1;
        } else {
            column += 1;
        }
    }
    (line, column)
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
        assert_eq!(err.at, Some((1, 24)), "at the innermost `map(`: {err:?}");
        // Two nested comprehensions over 3,000 items: nine million steps, far beyond 1 ms.
        let slow = ExprRule::compile("l.all(a, l.all(b, a + b >= 0))", "m".into(), "project")
            .expect("compiles");
        let list = Value::Array((0..3000).map(Value::from).collect());
        let err = slow
            .evaluate_within(&[("l", &list)], Duration::from_millis(1))
            .expect_err("times out");
        assert!(err.message.contains("did not finish"), "{err:?}");
        // The next project's evaluation is not started: no second runaway thread.
        let small = Value::Array(vec![Value::from(1)]);
        let err = slow
            .evaluate_within(&[("l", &small)], Duration::from_secs(10))
            .expect_err("not evaluated again");
        assert!(err.message.starts_with("not evaluated"), "{err:?}");
    }

    #[test]
    fn nesting_is_counted_on_the_parsed_expression() {
        // Spacing, line breaks, comments, parentheses and strings with brackets cannot hide a
        // comprehension from the count.
        for deep in [
            "l.all (a, l.all (b, l.all (c, true)))",
            "l.all(a,\n  l.exists(b,\n    l.map(c, c).size() > 0))",
            "l.all(a, (l).all(b, (l.filter(c, c > 0)).size() > 0))",
            "l.all(a, l.all(b, ')(' == ')(' && l.exists_one(c, true)))",
            "l.all(a, // comment )\n l.all(b, [l.exists(c, true)][0]))",
            "l.all(a, {'k': l.all(b, l.all(c, true))}['k'])",
        ] {
            let err = ExprRule::compile(deep, "m".into(), "project").expect_err(deep);
            assert!(
                err.message.contains("nest more than 2 deep"),
                "{deep}: {err:?}"
            );
            assert!(err.at.is_some(), "{deep}: {err:?}");
        }
        // Two levels, and comprehensions side by side or in the range of another, are allowed.
        for ok in [
            "l.all(a, l.all(b, true))",
            "l.all(a, true) && l.all(b, l.exists(c, true))",
            "l.filter(a, l.exists(b, true)).all(c, l.exists(d, true))",
        ] {
            assert!(ExprRule::compile(ok, "m".into(), "project").is_ok(), "{ok}");
        }
    }
}
