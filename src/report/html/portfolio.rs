//! The portfolio page: how many projects stand where, every project's gate status and
//! recommendation, open governance items by department, and the review dates and waiver
//! expiries coming up.

use std::collections::{BTreeMap, HashMap};

use super::markup::{El, el};
use super::{Site, chart, page_file, person, plural, row, status, status_badge, table};
use crate::evaluate::{KpiStatus, ProjectReport};
use crate::history::trend::HistoryRead;
use crate::load::ProjectState;
use crate::model::{Date, Stage, Status};

/// At most this many dates in the "coming up" table (the soonest; past ones first).
pub const MAX_DATES: usize = 50;

const STATUSES: [(&str, &str); 4] = [
    ("ready", "ready"),
    ("blocked", "blocked"),
    ("closed", "closed"),
    ("not-evaluated", "not evaluated"),
];

pub fn page(site: &Site<'_>, states: &HashMap<&str, &ProjectState>) -> String {
    let mut body = Vec::new();
    if let HistoryRead::Unavailable { reason } = &site.trends.history {
        body.push(
            el(
                "p",
                format!(
                    "History not read ({reason}): the project pages show the current files only."
                ),
            )
            .class("warn"),
        );
    }
    body.push(summary(site));
    body.push(projects(site, states));
    body.push(departments(site, states));
    body.push(coming_up(site, states));
    super::document("Portfolio", site.meta, None, body)
}

/// Counts per stage and gate status, with a bar per stage.
fn summary(site: &Site<'_>) -> El {
    let projects = &site.eval.projects;
    let mut cards = El::new("div").class("cards");
    for (class, words) in STATUSES {
        let count = projects.iter().filter(|p| status(p).0 == class).count();
        if count == 0 && class == "not-evaluated" {
            continue;
        }
        cards.push(
            El::new("div")
                .class(&format!("card {class}"))
                .child(el("div", count.to_string()).class("big"))
                .child(el("div", words)),
        );
    }
    let stages: Vec<(Option<Stage>, &str)> = Stage::ALL
        .iter()
        .map(|s| (Some(*s), s.title()))
        .chain(std::iter::once((None, "unknown")))
        .collect();
    let widest = stages
        .iter()
        .map(|(s, _)| projects.iter().filter(|p| p.stage == *s).count())
        .max()
        .unwrap_or(0);
    let mut rows = Vec::new();
    for (stage, title) in stages {
        let here: Vec<&ProjectReport> = projects.iter().filter(|p| p.stage == stage).collect();
        if here.is_empty() && stage.is_none() {
            continue;
        }
        let counts: Vec<(&str, usize, String)> = STATUSES
            .iter()
            .map(|(class, words)| {
                let n = here.iter().filter(|p| status(p).0 == *class).count();
                (*class, n, format!("{n} {words}"))
            })
            .collect();
        let mut cells = vec![el("th", title).attr("scope", "row")];
        cells.extend(
            counts
                .iter()
                .map(|(_, n, _)| el("td", n.to_string()).class("num")),
        );
        cells.push(el("td", here.len().to_string()).class("num"));
        cells.push(El::new("td").child(chart::stacked_bar(&counts, widest)));
        rows.push(row(cells));
    }
    El::new("section")
        .attr("id", "summary")
        .child(el("h2", "Projects per stage and gate status"))
        .child(cards)
        .child(table(
            &[
                "stage",
                "ready",
                "blocked",
                "closed",
                "not evaluated",
                "total",
                "",
            ],
            rows,
            None,
        ))
}

/// One row per project, by stage then id.
fn projects(site: &Site<'_>, states: &HashMap<&str, &ProjectState>) -> El {
    let mut sorted: Vec<&ProjectReport> = site.eval.projects.iter().collect();
    sorted.sort_by_key(|p| (p.stage.map_or(9, Stage::index), p.id.as_str()));
    let rows = sorted
        .iter()
        .map(|p| {
            let name = p.name.clone().unwrap_or_default();
            let link = El::new("a")
                .attr("href", format!("projects/{}", page_file(&p.id)))
                .child(el("code", p.id.clone()));
            let passing = p
                .kpis
                .iter()
                .filter(|k| k.status == KpiStatus::Pass)
                .count();
            let open_items = p.governance.iter().filter(|g| !g.settled).count();
            let open_issues = states
                .get(p.id.as_str())
                .and_then(|s| s.issues.as_ref())
                .map_or(0, |i| {
                    i.data
                        .issues
                        .iter()
                        .filter(|x| x.status == crate::model::IssueStatus::Open)
                        .count()
                });
            let recommended = match p.recommended {
                Some(o) => el("strong", o.to_string()),
                None => el("span", "none").class("note"),
            }
            .attr("title", &p.reason);
            row(vec![
                El::new("td")
                    .class("prose")
                    .child(link)
                    .child(El::new("br"))
                    .text(name),
                el("td", p.stage.map_or("?", Stage::title)),
                El::new("td").child(status_badge(p)),
                El::new("td").child(recommended),
                el(
                    "td",
                    p.recorded.as_ref().map_or("—".to_string(), |d| {
                        format!("{} ({})", d.outcome, d.decided_at)
                    }),
                ),
                el(
                    "td",
                    if p.kpis.is_empty() {
                        "—".to_string()
                    } else {
                        format!("{passing} of {} pass", p.kpis.len())
                    },
                )
                .class("num"),
                el("td", open_items.to_string()).class("num"),
                el("td", open_issues.to_string()).class("num"),
                el("td", format!("{} / {}", p.errors, p.warnings)).class("num"),
            ])
        })
        .collect();
    El::new("section")
        .attr("id", "projects")
        .child(el("h2", format!("Projects ({})", site.eval.projects.len())))
        .child(table(
            &[
                "project",
                "stage",
                "gate status",
                "recommended",
                "decision in force",
                "KPIs at the gate",
                "open governance items",
                "open issues",
                "errors / warnings",
            ],
            rows,
            None,
        ))
}

/// Open governance items (not settled now: pending, rejected, or waived with an expired
/// waiver) per department.
fn departments(site: &Site<'_>, states: &HashMap<&str, &ProjectState>) -> El {
    #[derive(Default)]
    struct Open {
        pending: usize,
        rejected: usize,
        expired: usize,
        required: usize,
        projects: std::collections::BTreeSet<String>,
    }
    let mut by: BTreeMap<String, Open> = BTreeMap::new();
    for p in &site.eval.projects {
        let Some(items) = states
            .get(p.id.as_str())
            .and_then(|s| s.governance.as_ref())
        else {
            continue;
        };
        for g in p.governance.iter().filter(|g| !g.settled) {
            let Some(item) = items.data.items.iter().find(|i| i.id == g.id) else {
                continue;
            };
            let open = by.entry(item.department.clone()).or_default();
            match g.status {
                Status::Rejected => open.rejected += 1,
                Status::Waived => open.expired += 1,
                _ => open.pending += 1,
            }
            if g.required {
                open.required += 1;
            }
            open.projects.insert(p.id.clone());
        }
    }
    let mut section = El::new("section")
        .attr("id", "governance")
        .child(el("h2", "Open governance items by department"));
    if by.is_empty() {
        section.push(el("p", "No open governance items.").class("note"));
        return section;
    }
    let rows = by
        .iter()
        .map(|(department, o)| {
            row(vec![
                el("th", department.clone())
                    .attr("scope", "row")
                    .class("prose"),
                el("td", o.pending.to_string()).class("num"),
                el("td", o.rejected.to_string()).class("num"),
                el("td", o.expired.to_string()).class("num"),
                el("td", (o.pending + o.rejected + o.expired).to_string()).class("num"),
                el("td", o.required.to_string()).class("num"),
                el("td", plural(o.projects.len(), "project")).class("num"),
            ])
        })
        .collect();
    section.push(table(
        &[
            "department",
            "pending",
            "rejected",
            "waiver expired",
            "open",
            "needed at the current gate",
            "projects",
        ],
        rows,
        None,
    ));
    section
}

/// Review dates and waiver expiries, soonest first (those past first of all), cut at
/// [`MAX_DATES`].
fn coming_up(site: &Site<'_>, states: &HashMap<&str, &ProjectState>) -> El {
    let now = site.meta.now;
    let mut dates: Vec<(Date, &'static str, &str, String, String)> = Vec::new();
    for p in &site.eval.projects {
        let Some(state) = states.get(p.id.as_str()) else {
            continue;
        };
        if let Some(gov) = &state.governance {
            for item in &gov.data.items {
                if let Some(due) = item.review_due {
                    dates.push((
                        due,
                        "review due",
                        &p.id,
                        item.title.clone(),
                        item.approver.clone(),
                    ));
                }
                if let (Some(w), Status::Waived) = (&item.waiver, item.status) {
                    dates.push((
                        w.expires,
                        "waiver expires",
                        &p.id,
                        item.title.clone(),
                        w.approved_by.clone(),
                    ));
                }
            }
        }
        if let Some(spec) = &state.project {
            for w in &spec.data.waivers {
                dates.push((
                    w.expires,
                    "rule waiver expires",
                    &p.id,
                    format!("rule `{}`: {}", w.rule, w.reason),
                    w.approved_by.clone(),
                ));
            }
        }
    }
    dates.sort_by(|a, b| (a.0, a.2).cmp(&(b.0, b.2)));
    let more = dates.len().saturating_sub(MAX_DATES);
    let rows = dates
        .iter()
        .take(MAX_DATES)
        .map(|(date, kind, project, what, who)| {
            let days = (*date - now).num_days();
            let when = if days < 0 {
                el(
                    "span",
                    format!("{} ago", plural(days.unsigned_abs() as usize, "day")),
                )
                .class("overdue")
            } else if days == 0 {
                el("span", "today").class("overdue")
            } else {
                el("span", format!("in {}", plural(days as usize, "day"))).class("note")
            };
            row(vec![
                El::new("td")
                    .child(el("time", date.to_string()))
                    .child(El::new("br"))
                    .child(when),
                el("td", *kind),
                El::new("td").class("prose").child(
                    El::new("a")
                        .attr("href", format!("projects/{}", page_file(project)))
                        .child(el("code", project.to_string())),
                ),
                el("td", super::clip(what, 160)).class("prose"),
                el("td", person(site.snap, who)),
            ])
        })
        .collect::<Vec<_>>();
    let mut section = El::new("section")
        .attr("id", "dates")
        .child(el("h2", "Review dates and waiver expiries"));
    if rows.is_empty() {
        section.push(el("p", "None.").class("note"));
        return section;
    }
    section.push(table(
        &["date", "what", "project", "item", "who"],
        rows,
        (more > 0).then(|| format!("{more} later dates not listed")),
    ));
    section
}
