//! `tollgate log` output: text grouped by commit, JSON, Markdown (a gate meeting's minutes) and
//! CSV (one row per event, for auditors' spreadsheets).

use serde::Serialize;

use super::csv;
use super::markdown::{message, text as md};
use crate::history::log::{Attribution, Entries, Entry, Event, Log, Measured, ProofStatus};
use crate::history::proof::Proof;
use crate::model::Status;

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

/// Text: one header line per commit (date, id, PR, author, subject), or per date that passed,
/// its events indented below, each with who made it and how that is proven, and why.
pub fn text(log: &Log) -> String {
    let mut out = Vec::new();
    // Writing to memory cannot fail, and every piece written is a `str`.
    let _ = write_text(log, &mut out);
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// [`text`], written to `out` a few commits at a time: a log of thousands of commits is
/// megabytes, which need not be held at once (nor the pages they take made first).
pub fn write_text(log: &Log, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    use std::fmt::Write as _;
    const CHUNK: usize = 1 << 16;
    // Written in place (`write!` into one string, no string per line): at thousands of events
    // this was a sixth of `log`'s single-threaded end. Each piece starts at a line's start, so
    // defusing it alone ([`super::inert::output`], line by line) defuses the whole.
    let mut chunk = String::new();
    for (i, group) in groups(&log.entries).into_iter().enumerate() {
        if i > 0 {
            chunk.push('\n');
        }
        let e = group[0];
        if e.event.is_lapse() {
            let _ = writeln!(chunk, "{}  date passed", e.date);
        } else {
            let _ = write!(chunk, "{}  {}", e.date, e.commit.short);
            if let Some(n) = e.commit.pr {
                let _ = write!(chunk, "  PR #{n}");
            }
            let _ = writeln!(
                chunk,
                "  {} <{}>  {}",
                e.commit.author, e.commit.email, e.commit.summary
            );
        }
        for e in group {
            let _ = writeln!(chunk, "  {}: {}", e.project, describe(e));
            if let Some(by) = by_line(e) {
                let _ = writeln!(chunk, "      by: {by}");
            }
            if let Some(why) = e.rationale.as_deref()
                && why.split_whitespace().next().is_some()
            {
                chunk.push_str("      why:");
                for word in why.split_whitespace() {
                    chunk.push(' ');
                    chunk.push_str(word);
                }
                chunk.push('\n');
            }
        }
        if chunk.len() >= CHUNK {
            let done = super::inert::output(std::mem::take(&mut chunk));
            out.write_all(done.as_bytes())?;
            chunk = done;
            chunk.clear();
        }
    }
    if log.entries.is_empty() {
        let _ = writeln!(chunk, "no events to show in {} commits", log.commits_walked);
    }
    out.write_all(super::inert::output(chunk).as_bytes())
}

/// Markdown for a gate meeting's minutes or a pull request: a section per commit, a bullet per
/// event with who made it and how that is proven. Every string from the repository goes
/// through [`super::markdown`]'s escaping.
pub fn markdown(log: &Log, title: &str) -> String {
    let mut out = format!("## {}\n\n", md(title));
    out.push_str(&format!(
        "{} in {} walked ({} history up to `{}`, judged up to {}), newest first.\n",
        super::text::plural(log.entries.len(), "event"),
        super::text::plural(log.commits_walked, "commit"),
        if log.first_parent {
            "first-parent"
        } else {
            "whole"
        },
        log.head.get(..7).unwrap_or(&log.head),
        log.now
    ));
    for group in groups(&log.entries) {
        let e = group[0];
        if e.event.is_lapse() {
            out.push_str(&format!("\n### {} · date passed\n\n", e.date));
        } else {
            let pr = e
                .commit
                .pr
                .map(|n| format!(" · PR {}", md(&format!("#{n}"))))
                .unwrap_or_default();
            out.push_str(&format!(
                "\n### {} · `{}`{pr} · {}\n\n{}\n\n",
                e.date,
                e.commit.short,
                md(&e.commit.author),
                md(&e.commit.summary)
            ));
        }
        for e in group {
            out.push_str(&format!(
                "- **{}**: {}",
                md(&e.project),
                message(&describe(e))
            ));
            if let Some(by) = by_line(e) {
                out.push_str(&format!(" — {}", message(&by)));
            }
            out.push('\n');
            if let Some(why) = rationale(e) {
                out.push_str(&format!("  - why: {}\n", md(&why)));
            }
        }
    }
    if log.entries.is_empty() {
        out.push_str("\nNo events to show.\n");
    }
    out
}

/// The CSV columns, in order.
pub const CSV_COLUMNS: [&str; 19] = [
    "date",
    "commit",
    "pr",
    "author",
    "email",
    "project",
    "gate",
    "kind",
    "subject",
    "event",
    "value",
    "n",
    "status",
    "made_in",
    "person",
    "entitled",
    "proof",
    "evidence",
    "rationale",
];

/// CSV (RFC 4180, CRLF line ends, a header row): one row per event. Every cell is text from
/// the repository or derived from it, so a cell a spreadsheet would read as a formula is
/// neutralised ([`csv::cell`]).
pub fn csv(log: &Log) -> String {
    let mut out = csv::row(CSV_COLUMNS.iter().map(|c| c.to_string()));
    for e in &log.entries {
        let by = e.by.as_deref();
        let measured = match &e.event {
            Event::ResultRecorded { measured, .. }
            | Event::ResultChanged {
                after: measured, ..
            } => Some(measured),
            _ => None,
        };
        let lapse = e.event.is_lapse();
        let cells = [
            e.date.clone(),
            if lapse {
                String::new()
            } else {
                e.commit.id.clone()
            },
            e.commit
                .pr
                .filter(|_| !lapse)
                .map(|n| n.to_string())
                .unwrap_or_default(),
            if lapse {
                String::new()
            } else {
                e.commit.author.clone()
            },
            if lapse {
                String::new()
            } else {
                e.commit.email.clone()
            },
            e.project.clone(),
            e.gate.map(|g| g.as_str().to_string()).unwrap_or_default(),
            e.event.kind().to_string(),
            e.event.subject().unwrap_or_default().to_string(),
            describe(e),
            measured.and_then(|m| m.shown.clone()).unwrap_or_default(),
            measured
                .and_then(|m| m.n)
                .map(|n| n.to_string())
                .unwrap_or_default(),
            measured
                .and_then(|m| m.status)
                .map(|s| s.as_str().to_string())
                .unwrap_or_default(),
            by.map(|b| b.commit.clone()).unwrap_or_default(),
            by.and_then(|b| b.person.clone()).unwrap_or_default(),
            by.map(|b| b.entitled.join(" ")).unwrap_or_default(),
            by.map(|b| b.status.as_str().to_string())
                .unwrap_or_default(),
            by.map(evidence).unwrap_or_default(),
            rationale(e).unwrap_or_default(),
        ];
        out.push_str(&csv::row(cells));
    }
    out
}

/// Entries of one commit (or one date that passed) together, in order.
fn groups(entries: &Entries) -> Vec<Vec<&Entry>> {
    let mut out: Vec<Vec<&Entry>> = Vec::new();
    for e in entries.iter().map(|e| &**e) {
        let same = out.last().and_then(|g| g.last()).is_some_and(|last| {
            last.commit.id == e.commit.id
                && last.event.is_lapse() == e.event.is_lapse()
                && (!e.event.is_lapse() || last.date == e.date)
        });
        match out.last_mut() {
            Some(group) if same => group.push(e),
            _ => out.push(vec![e]),
        }
    }
    out
}

/// The rationale on one line, when there is one worth showing.
fn rationale(e: &Entry) -> Option<String> {
    let why = e.rationale.as_ref()?;
    let why = why.split_whitespace().collect::<Vec<_>>().join(" ");
    (!why.is_empty()).then_some(why)
}

/// Who made the change and how that is known, for people; `None` when nobody in particular is
/// entitled and the commit's own author (in its header) made it.
pub(super) fn by_line(e: &Entry) -> Option<String> {
    let by = e.by.as_deref()?;
    let merged = by.commit != e.commit.id;
    if by.entitled.is_empty() && !merged {
        return None;
    }
    let short = by.commit.get(..7).unwrap_or(&by.commit);
    let made = if merged {
        format!(" in commit {short}")
    } else {
        String::new()
    };
    let author = match &by.person {
        Some(id) => format!("{} <{}> (`{id}`){made}", by.author, by.email),
        None => format!("{} <{}> (not in people.yaml){made}", by.author, by.email),
    };
    let role = role(&e.event);
    let entitled = by
        .entitled
        .iter()
        .map(|p| format!("`{p}`"))
        .collect::<Vec<_>>()
        .join(" or ");
    Some(match by.status {
        ProofStatus::Proven => {
            let who = by.person.as_deref().unwrap_or("?");
            let what = if by.entitled.is_empty() {
                format!("`{who}`")
            } else {
                format!("`{who}`, {role}")
            };
            format!("{what}{made} — proven: {}", evidence(by))
        }
        ProofStatus::Claimed if by.entitled.is_empty() => {
            format!(
                "{author} — NOT proven, only claimed by the commit e-mail: {}",
                evidence(by)
            )
        }
        ProofStatus::Claimed => format!(
            "{author}, {role} — NOT proven, only claimed by the commit e-mail: {}",
            evidence(by)
        ),
        ProofStatus::Unproven if by.entitled.is_empty() => {
            format!("{author} — unproven: {}", evidence(by))
        }
        ProofStatus::Unproven => format!(
            "{author} — NOT proven to be {role} {entitled}: {}",
            evidence(by)
        ),
    })
}

/// What proves the change, or what did not.
fn evidence(by: &Attribution) -> String {
    match &by.proof {
        Some(Proof::SignedCommit { key, email, commit }) => format!(
            "commit {} signed with key {key}, listed for them in people.yaml, committed as <{email}>",
            commit.get(..7).unwrap_or(commit)
        ),
        Some(Proof::VerifiedOnGitHub { commit, login }) => format!(
            "GitHub verified commit {} for @{login}",
            commit.get(..7).unwrap_or(commit)
        ),
        Some(Proof::ApprovingReview { login, commit }) => format!(
            "@{login} approved the pull request at commit {}",
            commit.get(..7).unwrap_or(commit)
        ),
        None => by.missing.clone().unwrap_or_default(),
    }
}

/// Who may make the event's change, in words.
fn role(event: &Event) -> &'static str {
    match event {
        Event::GovernanceStatusChanged { .. } | Event::WaiverGranted { item: Some(_), .. } => {
            "the approver"
        }
        Event::ApproverChanged { .. } | Event::GovernanceRemoved { .. } => {
            "the owner or the approver"
        }
        _ => "the owner",
    }
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
        Event::DecisionSuperseded { id, by, gate } => format!(
            "decision `{id}` ({} gate) superseded by `{by}`",
            gate.title()
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
        Event::GovernanceAdded {
            item,
            topic,
            approver,
            status,
            ..
        } => format!(
            "governance item `{item}` ({}) added, {}, approver `{approver}`",
            topic.as_str(),
            status.as_str()
        ),
        Event::GovernanceStatusChanged {
            item,
            topic,
            from,
            to,
            waiver,
            ..
        } => {
            let from = from.map_or(String::new(), |f| format!("{} -> ", f.as_str()));
            let terms = match (to, waiver) {
                (Status::Waived, Some(w)) => {
                    format!(" until {} (approved by `{}`)", w.expires, w.approved_by)
                }
                _ => String::new(),
            };
            format!("`{item}` ({}) {from}{}{terms}", topic.as_str(), verb(*to))
        }
        Event::GovernanceRemoved { item, status } => format!(
            "governance item `{item}` REMOVED (it was {})",
            status.as_str()
        ),
        Event::ApproverChanged { item, from, to } => {
            format!("`{item}`: approver changed from `{from}` to `{to}`")
        }
        Event::ReviewDuePassed { item, due } => format!(
            "`{item}`: its review was due on {due} (set in commit {}) and it is still agreed on \
             those terms",
            e.commit.short
        ),
        Event::WaiverGranted {
            item,
            rule,
            approved_by,
            expires,
            ..
        } => match (item, rule) {
            (Some(item), _) => {
                format!("`{item}`: waiver renewed until {expires} (approved by `{approved_by}`)")
            }
            (None, rule) => format!(
                "waiver of rule `{}` granted until {expires} (approved by `{approved_by}`)",
                rule.as_deref().unwrap_or_default()
            ),
        },
        Event::WaiverExpired {
            item,
            rule,
            expires,
        } => {
            let what = match (item, rule) {
                (Some(item), _) => format!("the waiver of `{item}`"),
                (None, rule) => format!("the waiver of rule `{}`", rule.as_deref().unwrap_or("")),
            };
            format!(
                "{what} expired on {expires} (granted in commit {})",
                e.commit.short
            )
        }
        Event::CriteriaRegistered {
            kpi,
            gate,
            criterion,
            after_results,
        } => format!(
            "KPI `{kpi}`: {} criteria registered: {criterion}{}",
            gate.title(),
            if *after_results {
                " — AFTER results for them were committed"
            } else {
                ""
            }
        ),
        Event::CriteriaChanged {
            kpi,
            gate,
            changes,
            record,
            after_results,
        } => format!(
            "KPI `{kpi}`: {} criteria changed: {}{}; {}",
            gate.title(),
            changes.join(", "),
            if *after_results {
                " — after results were in"
            } else {
                ""
            },
            match record {
                Some(r) => format!(
                    "recorded in criteria_changes by `{}` on {}",
                    r.changed_by, r.changed_at
                ),
                None => "UNRECORDED: no criteria_changes entry".to_string(),
            }
        ),
        Event::CriteriaRemoved {
            kpi,
            gate,
            kpi_removed,
            after_results,
        } => format!(
            "KPI `{kpi}`: {} criteria removed{}{}",
            gate.title(),
            if *kpi_removed { " with the KPI" } else { "" },
            if *after_results {
                " — after results were in"
            } else {
                ""
            }
        ),
        Event::ResultRecorded {
            result,
            kpi,
            gate,
            measured,
        } => format!(
            "result `{result}` recorded: KPI `{kpi}` at the {} gate {}",
            gate.title(),
            measurement(measured)
        ),
        Event::ResultChanged {
            result,
            kpi,
            gate,
            before,
            after,
        } => format!(
            "result `{result}` (KPI `{kpi}`, {} gate) CHANGED: was {}; now {}",
            gate.title(),
            measurement(before),
            measurement(after)
        ),
        Event::ResultRemoved { result, kpi, gate } => format!(
            "result `{result}` (KPI `{kpi}`, {} gate) REMOVED",
            gate.title()
        ),
        Event::IssueOpened {
            issue,
            area,
            blocks,
            reopened,
            ..
        } => format!(
            "issue `{issue}` ({}) blocking the {} gate {}",
            area.as_str(),
            blocks.title(),
            if *reopened { "reopened" } else { "opened" }
        ),
        Event::IssueResolved { issue, blocks, .. } => format!(
            "issue `{issue}` blocking the {} gate resolved",
            blocks.title()
        ),
        Event::IssueRemoved { issue, blocks } => format!(
            "open issue `{issue}` blocking the {} gate REMOVED",
            blocks.title()
        ),
    }
}

/// "78% (n 200, production-like) against >= 70% (stop at <= 40%): pass".
fn measurement(m: &Measured) -> String {
    let value = m.shown.clone().unwrap_or_else(|| "no value".to_string());
    let n = m.n.map(|n| format!("n {n}, ")).unwrap_or_default();
    let judged = match (&m.criterion, m.status) {
        (Some(c), Some(s)) => format!(" against {c}: {}", s.as_str()),
        _ => ": no criteria at that gate".to_string(),
    };
    format!(
        "{value} ({n}{}){judged}{}",
        m.dataset.as_str(),
        if m.counts {
            ""
        } else {
            " — does not count (not the latest result on a dataset the policy accepts)"
        }
    )
}

fn verb(status: Status) -> &'static str {
    match status {
        Status::Agreed => "agreed",
        Status::Rejected => "rejected",
        Status::Waived => "waived",
        Status::Pending => "reopened (pending)",
    }
}
