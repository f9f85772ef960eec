//! `tollgate diff` output: text for a terminal, Markdown for the pull-request comment, JSON for
//! programs. All three render the same [`Diff`]; none decides anything.

use serde::Serialize;

use super::cap;
use super::markdown::{code, message, text as md};
use super::paths::Paths;
use super::text::plural;
use crate::evaluate::measure::{
    Exact, KpiStatus, comparator, show, show_measured, stop_comparator,
};
use crate::findings::{Counts, Finding};
use crate::history::diff::{
    Diff, EvaluationDelta, GovernanceChange, KpiRow, Measure, ProjectChange, ProjectDiff,
};
use crate::model::{Decimal, Decision, Stage};
use crate::pipeline::DiffReport;

/// JSON: the diff with the output format version; finding locations relative to the
/// repository's top and messages without machine paths (see [`Paths`]).
pub fn json(diff: &Diff, paths: &Paths) -> String {
    /// The history checks as `log --verify` prints them: status, counts, flat findings.
    #[derive(Serialize)]
    struct History<'a> {
        #[serde(flatten)]
        status: crate::history::HistoryStatus,
        summary: crate::findings::Counts,
        findings: Vec<super::json::FlatFinding<'a>>,
    }
    #[derive(Serialize)]
    struct Out<'a> {
        version: u32,
        #[serde(flatten)]
        diff: &'a Diff,
        #[serde(skip_serializing_if = "Option::is_none")]
        history: Option<History<'a>>,
    }
    let history = diff.history.as_ref().map(|h| History {
        status: match &h.status {
            crate::history::HistoryStatus::Skipped { reason } => {
                crate::history::HistoryStatus::Skipped {
                    reason: paths.text(reason),
                }
            }
            checked => checked.clone(),
        },
        summary: crate::findings::Counts::of(&h.findings),
        findings: super::json::flat(&h.findings, paths),
    });
    let mut diff = diff.clone();
    diff.history = None;
    for p in &mut diff.projects {
        if let Some(e) = &mut p.evaluation {
            for f in e
                .findings_introduced
                .iter_mut()
                .chain(e.findings_resolved.iter_mut())
            {
                outbound(f, paths);
            }
        }
    }
    super::json::to_string(&Out {
        version: super::json::VERSION,
        diff: &diff,
        history,
    })
}

/// A finding as it leaves tollgate: repository-relative file, no machine paths in its text.
fn outbound(f: &mut Finding, paths: &Paths) {
    if let Some(l) = &mut f.location {
        l.file = paths.file(&l.file);
    }
    f.message = paths.text(&f.message);
    if let Some(h) = &mut f.help {
        *h = paths.text(h);
    }
}

/// Plain text, one block per changed project.
pub fn text(diff: &Diff) -> String {
    super::inert::output(walk(diff, &Text))
}

/// `diff`'s human output: the comparison, then, when the history checks ran, their findings
/// (with the head's source lines) and the range they read.
pub fn text_with_history(found: &DiffReport, colour: bool) -> String {
    let mut out = text(&found.diff);
    if let (Some(h), Some(head)) = (&found.diff.history, &found.head) {
        out.push('\n');
        out.push_str(&super::text::findings(&h.findings, &head.files, colour));
        out.push_str(&format!(
            "history: {}\n",
            super::text::history_line(&h.status, Counts::of(&h.findings))
        ));
    }
    out
}

/// Markdown for a pull-request comment: a heading per project, tables for KPIs, governance and
/// decisions. Every string from the repository goes through [`super::markdown::text`] or
/// [`super::markdown::code`].
pub fn markdown(diff: &Diff, paths: &Paths) -> String {
    walk(diff, &Markdown { paths })
}

/// How one format writes each section of a diff. [`walk`] visits the sections, so the text and
/// the Markdown show the same things in the same order; a section that is empty is not visited.
trait Style {
    /// The first lines: what was compared.
    fn heading(&self, diff: &Diff, out: &mut String);
    /// The whole body when no project changed.
    fn nothing_changed(&self, diff: &Diff, out: &mut String);
    /// Before the projects, when some changed.
    fn changed(&self, _diff: &Diff, _out: &mut String) {}
    /// A project's title line.
    fn project(&self, p: &ProjectDiff, out: &mut String);
    /// The stage, which moved from `from` to `to`.
    fn stage_moved(&self, from: Option<Stage>, to: Option<Stage>, out: &mut String);
    /// The stage, which did not move.
    fn stage(&self, stage: Stage, out: &mut String);
    /// The recommendation on both sides and the findings introduced and resolved.
    fn evaluation(&self, e: &EvaluationDelta, out: &mut String);
    /// The KPI table.
    fn kpis(&self, rows: &[KpiRow], out: &mut String);
    /// Governance items whose status changed.
    fn governance(&self, changes: &[GovernanceChange], out: &mut String);
    /// Decisions this change records.
    fn decisions_added(&self, decisions: &[Decision], out: &mut String);
    /// Recorded decisions this change edits or deletes.
    fn decisions_rewritten(&self, ids: &[String], out: &mut String);
    /// How many errors the project's files have on the head side.
    fn head_errors(&self, n: usize, out: &mut String);
    /// After the projects.
    fn footer(&self, _diff: &Diff, _out: &mut String) {}
}

/// Renders `diff` in `style`, section by section.
fn walk(diff: &Diff, style: &impl Style) -> String {
    let mut out = String::new();
    style.heading(diff, &mut out);
    if diff.projects.is_empty() {
        style.nothing_changed(diff, &mut out);
        return out;
    }
    style.changed(diff, &mut out);
    for p in &diff.projects {
        style.project(p, &mut out);
        if let Some(s) = p.stage_change {
            style.stage_moved(s.from, s.to, &mut out);
        } else if let Some(s) = p.stage {
            style.stage(s, &mut out);
        }
        if let Some(e) = &p.evaluation {
            style.evaluation(e, &mut out);
        }
        if !p.kpis.is_empty() {
            style.kpis(&p.kpis, &mut out);
        }
        if !p.governance.is_empty() {
            style.governance(&p.governance, &mut out);
        }
        if !p.decisions_added.is_empty() {
            style.decisions_added(&p.decisions_added, &mut out);
        }
        if !p.decisions_rewritten.is_empty() {
            style.decisions_rewritten(&p.decisions_rewritten, &mut out);
        }
        if p.head_errors > 0 {
            style.head_errors(p.head_errors, &mut out);
        }
    }
    style.footer(diff, &mut out);
    out
}

/// Plain text for a terminal.
struct Text;

impl Style for Text {
    fn heading(&self, diff: &Diff, out: &mut String) {
        out.push_str(&format!(
            "diff {} -> {}\n",
            diff.base.label, diff.head.label
        ));
    }

    fn nothing_changed(&self, diff: &Diff, out: &mut String) {
        out.push_str(&format!(
            "no project changed ({} unchanged)\n",
            diff.unchanged
        ));
    }

    fn changed(&self, diff: &Diff, out: &mut String) {
        out.push_str(&format!(
            "{} changed, {} unchanged\n",
            plural(diff.projects.len(), "project"),
            diff.unchanged
        ));
    }

    fn project(&self, p: &ProjectDiff, out: &mut String) {
        out.push('\n');
        out.push_str(&format!(
            "{}{} ({})\n",
            p.id,
            name_suffix(p),
            change_word(p.change)
        ));
    }

    fn stage_moved(&self, from: Option<Stage>, to: Option<Stage>, out: &mut String) {
        out.push_str(&format!("  stage: {} -> {}\n", stage(from), stage(to)));
    }

    fn stage(&self, s: Stage, out: &mut String) {
        out.push_str(&format!("  stage: {}\n", s.title()));
    }

    fn evaluation(&self, e: &EvaluationDelta, out: &mut String) {
        let (b, a) = recommendation_sides(e);
        out.push_str(&format!("  recommendation{}: {b} -> {a}\n", gate_label(e)));
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

    fn kpis(&self, rows: &[KpiRow], out: &mut String) {
        out.push_str("  KPIs:\n");
        for r in rows {
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

    fn governance(&self, changes: &[GovernanceChange], out: &mut String) {
        out.push_str("  governance:\n");
        for g in changes {
            out.push_str(&format!(
                "    {}: {} -> {} (approver {})\n",
                g.id,
                g.from.unwrap_or("new"),
                g.to.unwrap_or("removed"),
                g.approver
            ));
        }
    }

    fn decisions_added(&self, decisions: &[Decision], out: &mut String) {
        out.push_str("  decisions recorded:\n");
        for d in decisions {
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

    fn decisions_rewritten(&self, ids: &[String], out: &mut String) {
        out.push_str(&format!(
            "  decisions edited or deleted (append-only!): {}\n",
            ids.join(", ")
        ));
    }

    fn head_errors(&self, n: usize, out: &mut String) {
        out.push_str(&format!(
            "  {} in this project's files (run `tollgate validate`)\n",
            plural(n, "error")
        ));
    }
}

/// Markdown for the pull-request comment, with paths relative to the repository's top.
struct Markdown<'a> {
    paths: &'a Paths,
}

impl Style for Markdown<'_> {
    fn heading(&self, diff: &Diff, out: &mut String) {
        out.push_str(&format!(
            "## tollgate: what this change does\n\nCompared {} with {}.\n\n",
            code(&diff.base.label),
            if diff.head.commit.is_some() {
                code(&diff.head.label)
            } else {
                "the working tree".to_string()
            }
        ));
    }

    fn nothing_changed(&self, diff: &Diff, out: &mut String) {
        out.push_str(&format!(
            "No project changed ({} unchanged).\n",
            diff.unchanged
        ));
    }

    fn project(&self, p: &ProjectDiff, out: &mut String) {
        out.push_str(&format!(
            "### {}{}\n\n",
            code(&p.id),
            p.name
                .as_deref()
                .map(|n| format!(" — {}", md(n)))
                .unwrap_or_default()
        ));
        match p.change {
            ProjectChange::Added => out.push_str("New project.\n\n"),
            ProjectChange::Removed => out.push_str("**Project removed.**\n\n"),
            ProjectChange::Modified => {}
        }
    }

    fn stage_moved(&self, from: Option<Stage>, to: Option<Stage>, out: &mut String) {
        out.push_str(&format!(
            "**Stage:** {} → **{}**\n\n",
            stage(from),
            stage(to)
        ));
    }

    fn stage(&self, s: Stage, out: &mut String) {
        out.push_str(&format!("**Stage:** {}\n\n", s.title()));
    }

    fn evaluation(&self, e: &EvaluationDelta, out: &mut String) {
        let paths = self.paths;
        let (b, a) = recommendation_sides(e);
        let gate = gate_label(e);
        if b == a {
            out.push_str(&format!("**Recommendation{gate}:** {a} (unchanged)\n\n"));
        } else {
            out.push_str(&format!("**Recommendation{gate}:** {b} → **{a}**\n\n"));
        }
        if e.findings_introduced.is_empty() && e.findings_resolved.is_empty() {
            return;
        }
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
                        message(&more.relative_to(paths).message())
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
                .map(|l| code(&format!("{}:{}", paths.file(&l.file), l.line)))
                .unwrap_or_default();
            out.push_str(&format!(
                "| {mark} | `{}` | {at} | {} |\n",
                f.code,
                message(&paths.text(&f.message))
            ));
        }
        out.push('\n');
    }

    fn kpis(&self, rows: &[KpiRow], out: &mut String) {
        out.push_str("| KPI | gate | criterion | base | this change |\n");
        out.push_str("|---|---|---|---|---|\n");
        for r in rows {
            out.push_str(&format!(
                "| {} ({}) | {} | {} | {} | {} |\n",
                md(&r.name),
                code(&r.kpi),
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

    fn governance(&self, changes: &[GovernanceChange], out: &mut String) {
        out.push_str(
            "**Governance**\n\n| item | approver | base | this change |\n|---|---|---|---|\n",
        );
        for g in changes {
            out.push_str(&format!(
                "| {} ({}) | {} | {} | **{}** |\n",
                md(&g.title),
                code(&g.id),
                code(&g.approver),
                g.from.unwrap_or("—"),
                g.to.unwrap_or("removed")
            ));
        }
        out.push('\n');
    }

    fn decisions_added(&self, decisions: &[Decision], out: &mut String) {
        out.push_str(
            "**Decisions recorded**\n\n| decision | gate | outcome | decided by | rationale |\n|---|---|---|---|---|\n",
        );
        for d in decisions {
            out.push_str(&format!(
                "| {} | {} | **{}** | {} ({}) | {} |\n",
                code(&d.id),
                d.gate.title(),
                d.outcome,
                code(&d.decided_by),
                d.decided_at,
                md(&d.rationale)
            ));
        }
        out.push('\n');
    }

    fn decisions_rewritten(&self, ids: &[String], out: &mut String) {
        let ids: Vec<String> = ids.iter().map(|i| code(i)).collect();
        out.push_str(&format!(
            "> [!WARNING]\n> Recorded decisions edited or deleted: {}. Decisions are append-only; \
             supersede them with a new decision instead.\n\n",
            ids.join(", ")
        ));
    }

    fn head_errors(&self, n: usize, out: &mut String) {
        out.push_str(&format!(
            "> [!CAUTION]\n> {} in this project's files; run `tollgate validate`.\n\n",
            plural(n, "error")
        ));
    }

    fn footer(&self, diff: &Diff, out: &mut String) {
        out.push_str(&super::mermaid::charts(diff));
        if diff.unchanged > 0 {
            out.push_str(&format!(
                "<sub>{} unchanged.</sub>\n",
                plural(diff.unchanged, "other project")
            ));
        }
    }
}

fn outcome(o: Option<crate::model::Outcome>) -> String {
    o.map_or_else(|| "none (cannot decide)".to_string(), |o| o.to_string())
}

/// " at the MVP gate" when both sides were at the same gate; empty when the stage moved, so
/// that each side names its own gate ([`recommendation_sides`]).
fn gate_label(e: &EvaluationDelta) -> String {
    match (e.gate_before, e.gate) {
        (Some(b), Some(a)) if b != a => String::new(),
        (_, g) => g
            .map(|g| format!(" at the {} gate", g.title()))
            .unwrap_or_default(),
    }
}

/// The recommendations before and after; each with its gate when the stage moved between them
/// ("continue at the PoC gate", "none (cannot decide) at the MVP gate").
fn recommendation_sides(e: &EvaluationDelta) -> (String, String) {
    let (b, a) = (
        outcome(e.recommendation_before),
        outcome(e.recommendation_after),
    );
    match (e.gate_before, e.gate) {
        (Some(gb), Some(ga)) if gb != ga => (
            format!("{b} at the {} gate", gb.title()),
            format!("{a} at the {} gate", ga.title()),
        ),
        _ => (b, a),
    }
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

/// `>= 70% (stop at <= 40%)`; `>= 70% -> >= 60%` when the criteria changed.
fn threshold_text(r: &KpiRow) -> String {
    let t = |threshold: Option<Decimal>, stop: Option<Decimal>| match threshold {
        None => "none".to_string(),
        Some(t) => {
            let mut text = format!("{} {}", comparator(r.direction), show(t, r.unit));
            if let Some(s) = stop {
                text.push_str(&format!(
                    " (stop at {} {})",
                    stop_comparator(r.direction),
                    show(s, r.unit)
                ));
            }
            text
        }
    };
    let (before, after) = (t(r.threshold_before, r.stop_before), t(r.threshold, r.stop));
    if before != after && r.threshold_before.is_some() {
        format!("{before} -> {after}")
    } else {
        after
    }
}

/// The measured value as people read it, never looking equal to a level it misses.
fn shown(r: &KpiRow, m: &Measure) -> String {
    let levels: Vec<Decimal> = [r.threshold_before, r.threshold, r.stop_before, r.stop]
        .into_iter()
        .flatten()
        .collect();
    show_measured(m.exact.unwrap_or(Exact::Written(m.value)), r.unit, &levels)
}

fn measure_text(r: &KpiRow, m: Option<&Measure>) -> String {
    match m {
        None => "no result".to_string(),
        Some(m) => format!(
            "{}{}",
            shown(r, m),
            m.status
                .map(|s| format!(" {}", s.as_str()))
                .unwrap_or_default()
        ),
    }
}

fn measure_md(r: &KpiRow, m: Option<&Measure>) -> String {
    match m {
        None => "—".to_string(),
        Some(m) => {
            let n = m.n.map(|n| format!(" (n={n})")).unwrap_or_default();
            let status = match m.status {
                None => String::new(),
                Some(KpiStatus::Pass) => " ✅ pass".to_string(),
                Some(KpiStatus::Fail) => " ❌ fail".to_string(),
                Some(KpiStatus::Stop) => " 🛑 stop".to_string(),
                Some(other) => format!(" ⚠️ {}", other.as_str()),
            };
            format!("{}{n}{status}", shown(r, m))
        }
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::diff::EvaluationDelta;
    use crate::model::{Gate, Outcome};

    #[test]
    fn a_stage_move_names_the_gate_of_each_side() {
        let e = EvaluationDelta {
            gate: Some(Gate::Mvp),
            gate_before: Some(Gate::Poc),
            recommendation_before: Some(Outcome::Continue),
            recommendation_after: None,
            ..EvaluationDelta::default()
        };
        assert_eq!(gate_label(&e), "");
        assert_eq!(
            recommendation_sides(&e),
            (
                "continue at the PoC gate".to_string(),
                "none (cannot decide) at the MVP gate".to_string()
            )
        );
        let same = EvaluationDelta {
            gate_before: Some(Gate::Mvp),
            ..e
        };
        assert_eq!(gate_label(&same), " at the MVP gate");
        assert_eq!(recommendation_sides(&same).0, "continue");
    }
}
