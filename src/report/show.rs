//! `tollgate show` output: one project at a commit, each governance item and KPI with its
//! history, as text or JSON. Events are worded as `log` words them ([`super::log::describe`]).

use serde::Serialize;

use crate::evaluate::criterion_text;
use crate::evaluate::measure::show_measured;
use crate::history::log::Entry;
use crate::history::show::{GateRow, ProjectView};

/// JSON: the view with the output format version.
pub fn json(view: &ProjectView) -> String {
    #[derive(Serialize)]
    struct Out<'a> {
        version: u32,
        #[serde(flatten)]
        view: &'a ProjectView,
    }
    super::json::to_string(&Out {
        version: super::json::VERSION,
        view,
    })
}

/// Text: the state first (stage, each item's status and approver, each KPI at each gate), each
/// followed by its events, newest first, with who made them and how that is proven.
pub fn text(view: &ProjectView) -> String {
    let c = &view.commit;
    let mut out = format!(
        "{} at {} ({}, {}): stage {}\n",
        view.project,
        c.short,
        crate::history::log::day(&c.date),
        c.summary,
        view.stage
            .map_or("unknown (project.yaml unreadable)", |s| s.title())
    );
    if !view.governance.is_empty() {
        out.push_str("\nGovernance\n");
    }
    for item in &view.governance {
        out.push_str(&format!(
            "  {} ({}): {}, approver `{}`\n",
            item.item,
            item.topic.as_str(),
            item.status.as_str(),
            item.approver
        ));
        history(&mut out, &item.history);
    }
    if !view.kpis.is_empty() {
        out.push_str("\nKPIs\n");
    }
    for kpi in &view.kpis {
        out.push_str(&format!("  {} ({})\n", kpi.kpi, kpi.name));
        for g in &kpi.gates {
            out.push_str(&format!("    {}: {}\n", g.gate.title(), standing(g)));
        }
        history(&mut out, &kpi.history);
    }
    if !view.other.is_empty() {
        out.push_str("\nDecisions, stages, issues and the rest\n");
        history(&mut out, &view.other);
    }
    super::inert::output(out)
}

/// "78% (n 200, test) against >= 70% (stop at <= 40%): pass".
fn standing(g: &GateRow) -> String {
    let row = &g.measured;
    let criterion = criterion_text(row);
    let Some(value) = row.exact else {
        return format!("no result against {criterion}");
    };
    let levels: Vec<_> = std::iter::once(row.threshold).chain(row.stop).collect();
    let n = row.n.map(|n| format!("n {n}, ")).unwrap_or_default();
    format!(
        "{} ({n}{}) against {criterion}: {}",
        show_measured(value, row.unit, &levels),
        row.dataset.map_or("", |d| d.as_str()),
        row.status.as_str()
    )
}

fn history(out: &mut String, entries: &[Entry]) {
    for e in entries {
        let at = if e.event.is_lapse() {
            "date passed".to_string()
        } else {
            e.commit.short.clone()
        };
        out.push_str(&format!(
            "      {} {at}  {}\n",
            e.date,
            super::log::describe(e)
        ));
        if let Some(by) = super::log::by_line(e) {
            out.push_str(&format!("          by: {by}\n"));
        }
    }
}
