//! Markdown: what a pull-request comment and a job summary show. Per project a status line, the
//! KPI table, the governance table and what blocks the gate; warnings folded away.

use std::fmt::Write;

use super::text::plural;
use crate::evaluate::{Evaluation, Exact, ProjectReport, kpis_show, show_measured};
use crate::findings::{Finding, Severity};
use crate::model::Direction;

/// The check report as Markdown.
pub fn check(eval: &Evaluation) -> String {
    let mut out = String::new();
    let blocked = eval.projects.iter().filter(|p| !p.ready).count();
    let head = if eval.blocking() {
        format!(
            "❌ tollgate: {blocked} of {} blocked",
            plural(eval.projects.len(), "project")
        )
    } else if eval.projects.len() == 1 {
        "✅ tollgate: the project can be decided".to_string()
    } else {
        format!(
            "✅ tollgate: all {} projects can be decided",
            eval.projects.len()
        )
    };
    let _ = writeln!(out, "## {head}\n");
    let _ = writeln!(
        out,
        "| project | stage | gate ready | recommended | recorded decision |"
    );
    let _ = writeln!(out, "|---|---|---|---|---|");
    for p in &eval.projects {
        let _ = writeln!(
            out,
            "| `{}` {} | {} | {} | {} | {} |",
            p.id,
            cell(p.name.as_deref().unwrap_or("")),
            p.stage.map_or("?", |s| s.title()),
            ready_cell(p),
            p.recommended.map_or("—".into(), |o| format!("**{o}**")),
            p.recorded.as_ref().map_or("—".into(), |d| format!(
                "{} ({})",
                d.outcome, d.decided_at
            )),
        );
    }
    out.push('\n');
    for p in &eval.projects {
        project(&mut out, p, eval);
    }
    let general: Vec<&Finding> = eval
        .findings
        .iter()
        .filter(|f| f.project.is_none())
        .collect();
    if !general.is_empty() {
        let _ = writeln!(out, "### Repository\n");
        for f in general {
            let _ = writeln!(out, "- {}", finding_line(f));
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "<sub>Evaluated as of {} with {}. `tollgate explain CODE` tells why each rule exists.</sub>",
        eval.now,
        eval.policy.join(", ")
    );
    out
}

fn ready_cell(p: &ProjectReport) -> String {
    if !p.evaluated {
        "⚠️ not evaluated".into()
    } else if p.closed {
        "🛑 closed (stopped)".into()
    } else if p.ready {
        "✅ ready".into()
    } else {
        format!("❌ {} blocking", p.errors)
    }
}

fn project(out: &mut String, p: &ProjectReport, eval: &Evaluation) {
    let stage = p.stage.map_or("?", |s| s.title());
    let _ = writeln!(
        out,
        "### `{}` {} — {stage} gate\n",
        p.id,
        cell(p.name.as_deref().unwrap_or(""))
    );
    let rec = p.recommended.map_or("none".into(), |o| format!("**{o}**"));
    let _ = writeln!(out, "Recommended: {rec} — {}  ", cell(&p.reason));
    let recorded = p.recorded.as_ref().map_or("none yet".into(), |d| {
        format!(
            "**{}** by `{}` on {}{}",
            d.outcome,
            d.decided_by,
            d.decided_at,
            if d.overridden { " (override)" } else { "" }
        )
    });
    let _ = writeln!(out, "Recorded decision: {recorded}\n");
    if p.closed {
        let _ = writeln!(
            out,
            "The project is closed: the decision in force stops it, so its other findings are notes.\n"
        );
    }
    if !p.rules_not_run.is_empty() {
        let ids: Vec<String> = p.rules_not_run.iter().map(|r| format!("`{r}`")).collect();
        let _ = writeln!(
            out,
            "Not run (a file they need did not load): {}\n",
            ids.join(", ")
        );
    }
    if !p.kpis.is_empty() {
        let _ = writeln!(
            out,
            "| KPI | layer | result | criterion | n | 95% interval | data | status |"
        );
        let _ = writeln!(out, "|---|---|---|---|---|---|---|---|");
        for k in &p.kpis {
            let (op, stop_op) = if k.direction == Direction::HigherIsBetter {
                ("≥", "≤")
            } else {
                ("<", "≥")
            };
            let levels: Vec<_> = std::iter::once(k.threshold).chain(k.stop).collect();
            let shown = |v: Exact| show_measured(v, k.unit, &levels);
            let criterion = match k.stop {
                Some(stop) => format!(
                    "{op} {} (stop at {stop_op} {})",
                    kpis_show(k.threshold, k.unit),
                    kpis_show(stop, k.unit)
                ),
                None => format!("{op} {}", kpis_show(k.threshold, k.unit)),
            };
            let status = match k.status {
                crate::evaluate::KpiStatus::Pass => "✅ pass".to_string(),
                crate::evaluate::KpiStatus::Fail => "❌ fail".to_string(),
                crate::evaluate::KpiStatus::Stop => "🛑 stop".to_string(),
                other => format!("⚠️ {}", other.as_str()),
            };
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | {criterion} | {} | {} | {} | {status} |",
                k.kpi,
                match k.layer {
                    crate::model::Layer::Quantitative => "quantitative",
                    crate::model::Layer::Qualitative => "qualitative",
                },
                k.exact.map_or("—".into(), shown),
                k.n.map_or("—".into(), |n| n.to_string()),
                k.interval.map_or("—".into(), |(lo, hi)| format!(
                    "{} – {}",
                    shown(Exact::Written(lo)),
                    shown(Exact::Written(hi))
                )),
                k.dataset.map_or("—", |d| d.as_str()),
            );
        }
        out.push('\n');
    }
    if !p.governance.is_empty() {
        let _ = writeln!(
            out,
            "| governance | topic | approver | status | needed now |"
        );
        let _ = writeln!(out, "|---|---|---|---|---|");
        for g in &p.governance {
            let status = if g.settled {
                format!("✅ {}", g.status.as_str())
            } else {
                format!("⏳ {}", g.status.as_str())
            };
            let _ = writeln!(
                out,
                "| {} | `{}` | `{}` | {status} | {} |",
                cell(&g.title),
                g.topic.as_str(),
                g.approver,
                if g.required { "yes" } else { "later" }
            );
        }
        out.push('\n');
    }
    let mine: Vec<&Finding> = eval.project_findings(&p.id).collect();
    let blocking: Vec<&&Finding> = mine
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .collect();
    if !blocking.is_empty() {
        let _ = writeln!(out, "**Blocking**\n");
        for f in blocking {
            let _ = writeln!(out, "- {}", finding_line(f));
        }
        out.push('\n');
    }
    let other: Vec<&&Finding> = mine
        .iter()
        .filter(|f| f.severity != Severity::Error)
        .collect();
    if !other.is_empty() {
        let _ = writeln!(
            out,
            "<details><summary>{}</summary>\n",
            if other.len() == 1 {
                "1 warning or note".to_string()
            } else {
                format!("{} warnings and notes", other.len())
            }
        );
        for f in other {
            let _ = writeln!(out, "- {}", finding_line(f));
        }
        let _ = writeln!(out, "\n</details>\n");
    }
}

fn finding_line(f: &Finding) -> String {
    let at = f
        .location
        .as_ref()
        .map(|l| format!(" `{}:{}:{}`", l.file, l.line, l.column))
        .unwrap_or_default();
    let help = f
        .help
        .as_deref()
        .map(|h| format!(" — {}", cell(h)))
        .unwrap_or_default();
    format!("`{}`{at}: {}{help}", f.code, cell(&f.message))
}

/// Escapes text for a table cell or list item: pipes and line breaks would break the layout.
pub fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}
