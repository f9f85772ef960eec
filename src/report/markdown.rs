//! Markdown: what a pull-request comment and a job summary show. Per project a status line, the
//! KPI table, the governance table and what blocks the gate; warnings folded away.

use std::fmt::Write;

use crate::evaluate::{Evaluation, ProjectReport, kpis_show};
use crate::findings::{Finding, Severity};
use crate::model::Direction;

/// The check report as Markdown.
pub fn check(eval: &Evaluation) -> String {
    let mut out = String::new();
    let blocked = eval.projects.iter().filter(|p| !p.ready).count();
    let head = if eval.blocking() {
        format!(
            "❌ tollgate: {blocked} of {} projects blocked",
            eval.projects.len()
        )
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
        list(&mut out, general);
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
    if !p.kpis.is_empty() {
        let _ = writeln!(
            out,
            "| KPI | layer | result | criterion | n | 95% interval | data | status |"
        );
        let _ = writeln!(out, "|---|---|---|---|---|---|---|---|");
        for k in &p.kpis {
            let op = if k.direction == Direction::HigherIsBetter {
                "≥"
            } else {
                "<"
            };
            let status = match k.status {
                crate::evaluate::KpiStatus::Pass => "✅ pass".to_string(),
                crate::evaluate::KpiStatus::Fail => "❌ fail".to_string(),
                crate::evaluate::KpiStatus::Stop => "🛑 stop".to_string(),
                other => format!("⚠️ {}", other.as_str()),
            };
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | {op} {} | {} | {} | {} | {status} |",
                k.kpi,
                match k.layer {
                    crate::model::Layer::Quantitative => "quantitative",
                    crate::model::Layer::Qualitative => "qualitative",
                },
                k.value.map_or("—".into(), |v| kpis_show(v, k.unit)),
                kpis_show(k.threshold, k.unit),
                k.n.map_or("—".into(), |n| n.to_string()),
                k.interval.map_or("—".into(), |(lo, hi)| format!(
                    "{} – {}",
                    kpis_show(lo, k.unit),
                    kpis_show(hi, k.unit)
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
        list(out, blocking.into_iter().copied());
        out.push('\n');
    }
    let other: Vec<&&Finding> = mine
        .iter()
        .filter(|f| f.severity != Severity::Error)
        .collect();
    if !other.is_empty() {
        let _ = writeln!(
            out,
            "<details><summary>{} warnings and notes</summary>\n",
            other.len()
        );
        list(out, other.into_iter().copied());
        let _ = writeln!(out, "\n</details>\n");
    }
}

/// One list item per finding, capped per file and code ([`super::cap`]).
fn list<'a>(out: &mut String, findings: impl IntoIterator<Item = &'a Finding>) {
    for item in super::cap::capped(findings) {
        let _ = match item {
            super::cap::Item::Finding(f) => writeln!(out, "- {}", finding_line(f)),
            super::cap::Item::More(more) => writeln!(out, "- … {}", cell(&more.message())),
        };
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
