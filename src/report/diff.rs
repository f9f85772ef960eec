//! `tollgate diff` output: text for a terminal, Markdown for the pull-request comment, JSON for
//! programs. All three render the same [`Diff`]; none decides anything.

use serde::Serialize;

use super::cap;
use crate::history::diff::{Diff, KpiRow, Measure, ProjectChange, ProjectDiff};
use crate::model::Stage;

/// JSON: the diff with the output format version.
pub fn json(diff: &Diff) -> String {
    #[derive(Serialize)]
    struct Out<'a> {
        version: u32,
        #[serde(flatten)]
        diff: &'a Diff,
    }
    super::json::to_string(&Out {
        version: super::json::VERSION,
        diff,
    })
}

/// Plain text, one block per changed project.
pub fn text(diff: &Diff) -> String {
    let mut out = format!("diff {} -> {}\n", diff.base.label, diff.head.label);
    if diff.projects.is_empty() {
        out.push_str(&format!(
            "no project changed ({} unchanged)\n",
            diff.unchanged
        ));
        return out;
    }
    out.push_str(&format!(
        "{} changed, {} unchanged\n",
        plural(diff.projects.len(), "project"),
        diff.unchanged
    ));
    for p in &diff.projects {
        out.push('\n');
        out.push_str(&format!(
            "{}{} ({})\n",
            p.id,
            name_suffix(p),
            change_word(p.change)
        ));
        if let Some(s) = p.stage_change {
            out.push_str(&format!("  stage: {} -> {}\n", stage(s.from), stage(s.to)));
        } else if let Some(s) = p.stage {
            out.push_str(&format!("  stage: {}\n", s.title()));
        }
        if let Some(e) = &p.evaluation {
            out.push_str(&format!(
                "  recommendation{}: {} -> {}\n",
                e.gate
                    .map(|g| format!(" at the {} gate", g.title()))
                    .unwrap_or_default(),
                outcome(e.recommendation_before),
                outcome(e.recommendation_after)
            ));
            for item in cap::capped(&e.findings_introduced) {
                match item {
                    cap::Item::Finding(f) => out.push_str(&format!(
                        "  + {}[{}] {}\n",
                        f.severity.as_str(),
                        f.code,
                        f.message
                    )),
                    cap::Item::More(more) => out.push_str(&format!("  + ... {}\n", more.message())),
                }
            }
            for item in cap::capped(&e.findings_resolved) {
                match item {
                    cap::Item::Finding(f) => {
                        out.push_str(&format!("  - resolved [{}] {}\n", f.code, f.message));
                    }
                    cap::Item::More(more) => out.push_str(&format!("  - ... {}\n", more.message())),
                }
            }
        }
        if !p.kpis.is_empty() {
            out.push_str("  KPIs:\n");
            for r in &p.kpis {
                out.push_str(&format!(
                    "    {} at the {} gate ({}): {} -> {}{}\n",
                    r.kpi,
                    r.gate.title(),
                    threshold_text(r),
                    measure_text(r, r.before.as_ref()),
                    measure_text(r, r.after.as_ref()),
                    if r.changed { "" } else { "  (unchanged)" }
                ));
            }
        }
        if !p.governance.is_empty() {
            out.push_str("  governance:\n");
            for g in &p.governance {
                out.push_str(&format!(
                    "    {}: {} -> {} (approver {})\n",
                    g.id,
                    g.from.unwrap_or("new"),
                    g.to.unwrap_or("removed"),
                    g.approver
                ));
            }
        }
        if !p.decisions_added.is_empty() {
            out.push_str("  decisions recorded:\n");
            for d in &p.decisions_added {
                out.push_str(&format!(
                    "    {}: {} gate -> {} (by {}, {})\n      {}\n",
                    d.id,
                    d.gate.title(),
                    d.outcome,
                    d.decided_by,
                    d.decided_at,
                    one_line(&d.rationale)
                ));
            }
        }
        if !p.decisions_rewritten.is_empty() {
            out.push_str(&format!(
                "  decisions edited or deleted (append-only!): {}\n",
                p.decisions_rewritten.join(", ")
            ));
        }
        if p.head_errors > 0 {
            out.push_str(&format!(
                "  {} in this project's files (run `tollgate validate`)\n",
                plural(p.head_errors, "error")
            ));
        }
    }
    out
}

/// Markdown for a pull-request comment: a heading per project, tables for KPIs, governance and
/// decisions.
pub fn markdown(diff: &Diff) -> String {
    let mut out = format!(
        "## tollgate: what this change does\n\nCompared `{}` with {}.\n\n",
        diff.base.label,
        if diff.head.commit.is_some() {
            format!("`{}`", diff.head.label)
        } else {
            "the working tree".to_string()
        }
    );
    if diff.projects.is_empty() {
        out.push_str(&format!(
            "No project changed ({} unchanged).\n",
            diff.unchanged
        ));
        return out;
    }
    for p in &diff.projects {
        out.push_str(&format!(
            "### `{}`{}\n\n",
            p.id,
            p.name
                .as_deref()
                .map(|n| format!(" — {}", cell(n)))
                .unwrap_or_default()
        ));
        match p.change {
            ProjectChange::Added => out.push_str("New project.\n\n"),
            ProjectChange::Removed => out.push_str("**Project removed.**\n\n"),
            ProjectChange::Modified => {}
        }
        if let Some(s) = p.stage_change {
            out.push_str(&format!(
                "**Stage:** {} → **{}**\n\n",
                stage(s.from),
                stage(s.to)
            ));
        } else if let Some(s) = p.stage {
            out.push_str(&format!("**Stage:** {}\n\n", s.title()));
        }
        if let Some(e) = &p.evaluation {
            let (b, a) = (
                outcome(e.recommendation_before),
                outcome(e.recommendation_after),
            );
            let gate = e
                .gate
                .map(|g| format!(" at the {} gate", g.title()))
                .unwrap_or_default();
            if b == a {
                out.push_str(&format!("**Recommendation{gate}:** {a} (unchanged)\n\n"));
            } else {
                out.push_str(&format!("**Recommendation{gate}:** {b} → **{a}**\n\n"));
            }
            if !e.findings_introduced.is_empty() || !e.findings_resolved.is_empty() {
                out.push_str("| | finding | where | message |\n|---|---|---|---|\n");
                let rows = cap::capped(&e.findings_introduced)
                    .into_iter()
                    .map(|item| (true, item))
                    .chain(
                        cap::capped(&e.findings_resolved)
                            .into_iter()
                            .map(|item| (false, item)),
                    );
                for (new, item) in rows {
                    let f = match item {
                        cap::Item::Finding(f) => f,
                        cap::Item::More(more) => {
                            let mark = if new { "new" } else { "resolved" };
                            out.push_str(&format!(
                                "| … {mark} | `{}` | | {} |\n",
                                more.code,
                                cell(&more.message())
                            ));
                            continue;
                        }
                    };
                    let mark = match (new, f.is_error()) {
                        (true, true) => "❌ new",
                        (true, false) => "⚠️ new",
                        (false, _) => "✅ resolved",
                    };
                    let at = f
                        .location
                        .as_ref()
                        .map(|l| format!("`{}:{}`", l.file, l.line))
                        .unwrap_or_default();
                    out.push_str(&format!(
                        "| {mark} | `{}` | {at} | {} |\n",
                        f.code,
                        cell(&f.message)
                    ));
                }
                out.push('\n');
            }
        }
        if !p.kpis.is_empty() {
            out.push_str("| KPI | gate | criterion | base | this change |\n");
            out.push_str("|---|---|---|---|---|\n");
            for r in &p.kpis {
                out.push_str(&format!(
                    "| {} (`{}`) | {} | {} | {} | {} |\n",
                    cell(&r.name),
                    r.kpi,
                    r.gate.title(),
                    threshold_text(r),
                    measure_md(r, r.before.as_ref()),
                    if r.changed {
                        format!("**{}**", measure_md(r, r.after.as_ref()))
                    } else {
                        format!("{} (unchanged)", measure_md(r, r.after.as_ref()))
                    }
                ));
            }
            out.push('\n');
        }
        if !p.governance.is_empty() {
            out.push_str(
                "**Governance**\n\n| item | approver | base | this change |\n|---|---|---|---|\n",
            );
            for g in &p.governance {
                out.push_str(&format!(
                    "| {} (`{}`) | `{}` | {} | **{}** |\n",
                    cell(&g.title),
                    g.id,
                    g.approver,
                    g.from.unwrap_or("—"),
                    g.to.unwrap_or("removed")
                ));
            }
            out.push('\n');
        }
        if !p.decisions_added.is_empty() {
            out.push_str(
                "**Decisions recorded**\n\n| decision | gate | outcome | decided by | rationale |\n|---|---|---|---|---|\n",
            );
            for d in &p.decisions_added {
                out.push_str(&format!(
                    "| `{}` | {} | **{}** | `{}` ({}) | {} |\n",
                    d.id,
                    d.gate.title(),
                    d.outcome,
                    d.decided_by,
                    d.decided_at,
                    cell(&one_line(&d.rationale))
                ));
            }
            out.push('\n');
        }
        if !p.decisions_rewritten.is_empty() {
            let ids: Vec<String> = p
                .decisions_rewritten
                .iter()
                .map(|i| format!("`{i}`"))
                .collect();
            out.push_str(&format!(
                "> [!WARNING]\n> Recorded decisions edited or deleted: {}. Decisions are append-only; \
                 supersede them with a new decision instead.\n\n",
                ids.join(", ")
            ));
        }
        if p.head_errors > 0 {
            out.push_str(&format!(
                "> [!CAUTION]\n> {} in this project's files; run `tollgate validate`.\n\n",
                plural(p.head_errors, "error")
            ));
        }
    }
    if diff.unchanged > 0 {
        out.push_str(&format!(
            "<sub>{} unchanged.</sub>\n",
            plural(diff.unchanged, "other project")
        ));
    }
    out
}

fn outcome(o: Option<crate::model::Outcome>) -> String {
    o.map_or_else(|| "none (cannot decide)".to_string(), |o| o.to_string())
}

fn name_suffix(p: &ProjectDiff) -> String {
    p.name
        .as_deref()
        .map(|n| format!(" — {n}"))
        .unwrap_or_default()
}

fn change_word(c: ProjectChange) -> &'static str {
    match c {
        ProjectChange::Added => "added",
        ProjectChange::Removed => "removed",
        ProjectChange::Modified => "modified",
    }
}

fn stage(s: Option<Stage>) -> &'static str {
    s.map_or("none", Stage::title)
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// `>= 70%`, `< 30 s`; `70% -> 60%` when the threshold changed.
fn threshold_text(r: &KpiRow) -> String {
    let op = if r.direction == "lower-is-better" {
        "<"
    } else {
        ">="
    };
    let t = |v: Option<f64>| v.map_or("none".to_string(), |v| format!("{op} {}", value(v, r.unit)));
    if r.threshold_before != r.threshold && r.threshold_before.is_some() {
        format!("{} -> {}", t(r.threshold_before), t(r.threshold))
    } else {
        t(r.threshold)
    }
}

fn measure_text(r: &KpiRow, m: Option<&Measure>) -> String {
    match m {
        None => "no result".to_string(),
        Some(m) => format!(
            "{}{}",
            value(m.value, r.unit),
            verdict(m.pass, "pass", "fail")
        ),
    }
}

fn measure_md(r: &KpiRow, m: Option<&Measure>) -> String {
    match m {
        None => "—".to_string(),
        Some(m) => {
            let n = m.n.map(|n| format!(" (n={n})")).unwrap_or_default();
            format!(
                "{}{n}{}",
                value(m.value, r.unit),
                verdict(m.pass, "✅ pass", "❌ fail")
            )
        }
    }
}

fn verdict(pass: Option<bool>, yes: &str, no: &str) -> String {
    match pass {
        Some(true) => format!(" {yes}"),
        Some(false) => format!(" {no}"),
        None => String::new(),
    }
}

/// A number without float noise (`78`, `3.9`, `0.925`) and its unit.
pub fn value(v: f64, unit: &str) -> String {
    let mut s = format!("{v:.3}");
    if s.contains('.') {
        s = s.trim_end_matches('0').trim_end_matches('.').to_string();
    }
    match unit {
        "percent" => format!("{s}%"),
        "seconds" => format!("{s} s"),
        "minutes" => format!("{s} min"),
        _ => s,
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Text safe inside a Markdown table cell.
fn cell(s: &str) -> String {
    one_line(s).replace('|', "\\|").replace('<', "&lt;")
}

#[cfg(test)]
mod tests {
    use super::value;

    #[test]
    fn numbers_read_as_written() {
        assert_eq!(value(78.0, "percent"), "78%");
        assert_eq!(value(0.1 + 0.2, "ratio"), "0.3");
        assert_eq!(value(11.8, "seconds"), "11.8 s");
        assert_eq!(value(-2.5, "score"), "-2.5");
    }
}
