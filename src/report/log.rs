//! `tollgate log` output: text grouped by commit, or JSON.

use serde::Serialize;

use crate::history::log::{Entry, Event, Log};

/// JSON: the log with the output format version.
pub fn json(log: &Log) -> String {
    #[derive(Serialize)]
    struct Out<'a> {
        version: u32,
        #[serde(flatten)]
        log: &'a Log,
    }
    super::json::to_string(&Out {
        version: super::json::VERSION,
        log,
    })
}

/// Text: one header line per commit (date, id, PR, author, subject), its events indented below.
pub fn text(log: &Log) -> String {
    let mut out = String::new();
    let mut last: Option<&str> = None;
    for e in &log.entries {
        if last != Some(e.commit.id.as_str()) {
            if last.is_some() {
                out.push('\n');
            }
            let date = e.commit.date.get(..10).unwrap_or(&e.commit.date);
            let pr = e
                .commit
                .pr
                .map(|n| format!("  PR #{n}"))
                .unwrap_or_default();
            out.push_str(&format!(
                "{date}  {}{pr}  {} <{}>  {}\n",
                e.commit.short, e.commit.author, e.commit.email, e.commit.summary
            ));
            last = Some(e.commit.id.as_str());
        }
        out.push_str(&format!("  {}: {}\n", e.project, describe(e)));
        if let Some(why) = &e.rationale {
            let why = why.split_whitespace().collect::<Vec<_>>().join(" ");
            if !why.is_empty() {
                out.push_str(&format!("      why: {why}\n"));
            }
        }
    }
    if log.entries.is_empty() {
        out.push_str(&format!(
            "no decisions or stage changes in {} commits\n",
            log.commits_walked
        ));
    }
    out
}

/// One event in words (also the report's decision timeline).
pub fn describe(e: &Entry) -> String {
    match &e.event {
        Event::DecisionRecorded { decision: d } => format!(
            "decision `{}` recorded: {} gate -> {} (by {}, {}){}",
            d.id,
            d.gate.title(),
            d.outcome,
            d.decided_by,
            d.decided_at,
            d.supersedes
                .as_deref()
                .map(|s| format!(", supersedes `{s}`"))
                .unwrap_or_default()
        ),
        Event::DecisionEdited { id, gate } => {
            format!(
                "decision `{id}` ({} gate) EDITED after it was recorded",
                gate.title()
            )
        }
        Event::DecisionRemoved { id, gate } => {
            format!(
                "decision `{id}` ({} gate) DELETED after it was recorded",
                gate.title()
            )
        }
        Event::StageChanged { from: None, to } => {
            format!("project created at stage {}", to.title())
        }
        Event::StageChanged {
            from: Some(from),
            to,
        } => {
            format!("stage {} -> {}", from.title(), to.title())
        }
        Event::ProjectRemoved { stage } => format!(
            "project removed{}",
            stage
                .map(|s| format!(" (was at stage {})", s.title()))
                .unwrap_or_default()
        ),
        Event::ProjectRenamed { from } => format!("project folder renamed from `{from}`"),
        Event::RecommendationChanged { gate, from, to } => format!(
            "{} gate recommendation: {} -> {}",
            gate.title(),
            from.map_or("none".to_string(), |o| o.to_string()),
            to.map_or("none".to_string(), |o| o.to_string())
        ),
    }
}
