//! A project's page: where it stands, what blocks its gate, its KPIs at the gate, a chart per
//! KPI and gate of the values over history with a table beside it, the governance items as a
//! matrix, the decision timeline and the open issues. Every table is cut to its latest rows.

use super::chart::{self, change_text, point_interval, point_text, point_value};
use super::markup::{El, el};
use super::{Site, clip, person, plural, rest, row, status_badge, table};
use crate::evaluate::{Exact, KpiRow, ProjectReport, criterion_text, show_measured};
use crate::findings::Severity;
use crate::history::trend::{HistoryRead, ProjectTrend, Series, Version};
use crate::load::ProjectState;
use crate::model::{IssueStatus, Stage, Status, Topic};

/// Values listed in the table beside a chart (the latest).
pub const TABLE_POINTS: usize = 10;
/// Criteria changes listed under a chart (the latest).
pub const TABLE_CHANGES: usize = 5;
/// Findings listed (errors first).
pub const MAX_FINDINGS: usize = 20;
/// Timeline entries listed (the latest).
pub const MAX_TIMELINE: usize = 20;
/// Open issues listed.
pub const MAX_ISSUES: usize = 50;
/// Governance items listed in one cell of the matrix.
pub const MAX_CELL: usize = 10;
/// KPI rows listed, and charts drawn (the gate being decided first).
pub const MAX_KPIS: usize = 50;

pub fn page(site: &Site<'_>, p: &ProjectReport, state: Option<&ProjectState>) -> String {
    let title = match &p.name {
        Some(name) => format!("{name} ({})", p.id),
        None => p.id.clone(),
    };
    let nav = El::new("nav").class("crumbs").child(
        El::new("a")
            .attr("href", "../index.html")
            .text("← Portfolio"),
    );
    let trend = site.trends.projects.get(&p.id);
    let body = vec![
        overview(site, p, state),
        blocking(site, p),
        kpis(p),
        trends(p, state, trend),
        governance(site, p, state),
        timeline(site, trend),
        issues(site, state),
    ];
    super::document(&title, site.meta, Some(nav), body)
}

fn overview(site: &Site<'_>, p: &ProjectReport, state: Option<&ProjectState>) -> El {
    let mut rows = vec![
        row(vec![
            el("th", "stage").attr("scope", "row"),
            El::new("td").text(match p.stage {
                Some(s) => format!("{} (the {} gate decides next)", s.title(), s.title()),
                None => "unknown".to_string(),
            }),
        ]),
        row(vec![
            el("th", "gate status").attr("scope", "row"),
            El::new("td").child(status_badge(p)).text(format!(
                " {} · {}",
                plural(p.errors, "error"),
                plural(p.warnings, "warning")
            )),
        ]),
        row(vec![
            el("th", "recommended").attr("scope", "row"),
            El::new("td")
                .child(el(
                    "strong",
                    p.recommended.map_or("none".to_string(), |o| o.to_string()),
                ))
                .text(format!(" — {}", p.reason))
                .class("prose"),
        ]),
        row(vec![
            el("th", "decision in force").attr("scope", "row"),
            el(
                "td",
                p.recorded
                    .as_ref()
                    .map_or("none recorded".to_string(), |d| {
                        format!(
                            "{} ({}, {} by {}{})",
                            d.outcome,
                            d.id,
                            d.decided_at,
                            person(site.snap, &d.decided_by),
                            if d.overridden {
                                ", overriding the criteria"
                            } else {
                                ""
                            }
                        )
                    }),
            ),
        ]),
    ];
    if let Some(spec) = state.and_then(|s| s.project.as_ref()) {
        let roles = spec
            .data
            .roles
            .iter()
            .into_iter()
            .map(|(role, id)| format!("{}: {}", role.replace('_', " "), person(site.snap, id)))
            .collect::<Vec<_>>()
            .join(" · ");
        rows.push(row(vec![
            el("th", "roles").attr("scope", "row"),
            el("td", roles),
        ]));
        if let Some(d) = &spec.data.description {
            rows.push(row(vec![
                el("th", "description").attr("scope", "row"),
                el("td", clip(d, 600)).class("prose"),
            ]));
        }
    }
    let mut section = El::new("section")
        .attr("id", "overview")
        .child(El::new("table").child(El::new("tbody").children(rows)));
    if let HistoryRead::Unavailable { reason } = &site.trends.history {
        section.push(
            el(
                "p",
                format!("History not read ({reason}): the charts show the current files only."),
            )
            .class("warn"),
        );
    }
    section
}

/// The project's errors and warnings, errors first.
fn blocking(site: &Site<'_>, p: &ProjectReport) -> El {
    let mut found: Vec<&crate::findings::Finding> = site
        .eval
        .project_findings(&p.id)
        .filter(|f| f.severity != Severity::Note)
        .collect();
    found.sort_by_key(|f| f.severity != Severity::Error);
    let mut section = El::new("section")
        .attr("id", "findings")
        .child(el("h2", "What blocks the gate"));
    if found.is_empty() {
        section.push(el("p", "Nothing: no error or warning.").class("note"));
        return section;
    }
    let rows = found
        .iter()
        .take(MAX_FINDINGS)
        .map(|f| {
            let at = f
                .location
                .as_ref()
                .map_or(String::new(), |l| format!("{}:{}", l.file, l.line));
            row(vec![
                el("td", f.severity.as_str()),
                El::new("td").child(el("code", f.code.as_str())),
                el("td", clip(&f.message, 400)).class("prose"),
                El::new("td").class("prose").child(el("code", at)),
            ])
        })
        .collect();
    section.push(table(
        &["severity", "code", "message", "where"],
        rows,
        rest(found.len(), MAX_FINDINGS, "more finding"),
    ));
    section
}

fn kpis(p: &ProjectReport) -> El {
    let gate = p.gate.map_or("current", Stage::title);
    let mut section = El::new("section")
        .attr("id", "kpis")
        .child(el("h2", format!("KPIs at the {gate} gate")));
    if p.kpis.is_empty() {
        section.push(el("p", "No KPI has criteria at this gate.").class("note"));
        return section;
    }
    let rows = p
        .kpis
        .iter()
        .take(MAX_KPIS)
        .map(|k| {
            let levels: Vec<_> = std::iter::once(k.threshold).chain(k.stop).collect();
            let shown = |v: Exact| show_measured(v, k.unit, &levels);
            row(vec![
                El::new("td")
                    .class("prose")
                    .text(k.name.clone())
                    .text(" ")
                    .child(el("code", k.kpi.clone())),
                el("td", k.exact.map_or("—".into(), shown)).class("num"),
                el("td", criterion_text(k)),
                el("td", k.n.map_or("—".into(), |n| n.to_string())).class("num"),
                el(
                    "td",
                    k.interval.map_or("—".into(), |(lo, hi)| {
                        format!(
                            "{}..{}",
                            shown(Exact::Written(lo)),
                            shown(Exact::Written(hi))
                        )
                    }),
                )
                .class("num"),
                status_cell(k),
            ])
        })
        .collect();
    section.push(table(
        &["KPI", "value", "criterion", "n", "95% interval", "status"],
        rows,
        rest(p.kpis.len(), MAX_KPIS, "more KPI"),
    ));
    section
}

fn status_cell(k: &KpiRow) -> El {
    let class = match k.status {
        crate::evaluate::KpiStatus::Pass => "kpi-pass",
        crate::evaluate::KpiStatus::Fail => "kpi-fail",
        crate::evaluate::KpiStatus::Stop => "kpi-stop",
        _ => "kpi-other",
    };
    El::new("td").child(el("span", k.status.as_str()).class(class))
}

/// A figure per KPI and gate: the chart, and beside it the latest values as a table.
fn trends(p: &ProjectReport, state: Option<&ProjectState>, trend: Option<&ProjectTrend>) -> El {
    let mut section = El::new("section")
        .attr("id", "trends")
        .child(el("h2", "KPI trends"));
    let Some(trend) = trend.filter(|t| !t.series.is_empty()) else {
        section.push(el("p", "No KPI has criteria.").class("note"));
        return section;
    };
    let order: Vec<&str> = state
        .and_then(|s| s.kpis.as_ref())
        .map(|k| k.data.kpis.iter().map(|k| k.id.as_str()).collect())
        .unwrap_or_default();
    let mut series: Vec<&Series> = trend.series.iter().collect();
    // The gate being decided first, then the KPIs in kpis.yaml's order, then the others.
    series.sort_by_key(|s| {
        (
            Some(s.gate) != p.gate,
            order.iter().position(|k| *k == s.kpi).unwrap_or(usize::MAX),
            s.gate.index(),
        )
    });
    section.push(legend());
    for (i, s) in series.iter().take(MAX_KPIS).enumerate() {
        section.push(figure(
            s,
            &format!("trend-{i}"),
            order.contains(&s.kpi.as_str()),
        ));
    }
    if let Some(more) = rest(series.len(), MAX_KPIS, "more chart") {
        section.push(el("p", format!("{more}: `tollgate check` lists every KPI.")).class("note"));
    }
    section
}

fn legend() -> El {
    let item = |class: &str, text: &str| {
        El::new("li")
            .child(El::new("span").class(&format!("swatch {class}")))
            .text(text.to_string())
    };
    El::new("ul").class("legend").children([
        item(
            "sw-value",
            "measured value (filled: pass, open: fail, red square: stop), with its 95% interval",
        ),
        item("sw-threshold", "threshold"),
        item("sw-stop", "stop level"),
        item("sw-change", "criteria changed (commit date)"),
    ])
}

fn figure(s: &Series, id: &str, in_kpis: bool) -> El {
    let unit = s.terms.unit;
    let mut caption = El::new("figcaption").child(
        El::new("h3")
            .text(format!("{} ", s.name))
            .child(el("code", s.kpi.clone()))
            .text(format!(" — {} gate", s.gate.title())),
    );
    caption.push(
        el(
            "div",
            format!(
                "criterion now: {}{}",
                chart::terms_text(&s.terms, unit),
                if in_kpis {
                    ""
                } else {
                    " (no longer in kpis.yaml)"
                }
            ),
        )
        .class("note"),
    );
    let shown: Vec<El> = s
        .points
        .iter()
        .rev()
        .take(TABLE_POINTS)
        .map(|p| {
            row(vec![
                El::new("td").child(el("time", p.measured_at.to_string())),
                el("td", point_value(p)).class("num"),
                el("td", p.row.n.map_or("—".into(), |n| n.to_string())).class("num"),
                el("td", point_interval(p).unwrap_or_else(|| "—".into())).class("num"),
                el("td", p.row.status.as_str()),
                el("td", version_short(&p.version)).attr("title", point_text(p)),
            ])
        })
        .collect();
    let values = if shown.is_empty() {
        el("p", "No result yet.").class("note")
    } else {
        table(
            &["measured", "value", "n", "95% interval", "status", "commit"],
            shown,
            rest(s.points.len(), TABLE_POINTS, "earlier value"),
        )
        .attr("aria-describedby", format!("{id}-title"))
    };
    let mut side = El::new("div").class("values").child(values);
    if !s.changes.is_empty() {
        let changes: Vec<El> = s
            .changes
            .iter()
            .rev()
            .take(TABLE_CHANGES)
            .map(|c| el("li", change_text(c, unit)))
            .collect();
        side.push(el("div", "Criteria changed:").class("note"));
        side.push(El::new("ul").class("changes").children(changes));
        if let Some(more) = rest(s.changes.len(), TABLE_CHANGES, "earlier change") {
            side.push(el("p", more).class("note"));
        }
    }
    El::new("figure")
        .class("kpi-trend")
        .attr("id", id)
        .attr("data-kpi", &s.kpi)
        .attr("data-gate", s.gate.as_str())
        .child(caption)
        .child(
            El::new("div")
                .class("body")
                .child(chart::trend(s, id))
                .child(side),
        )
}

/// "1a2b3c4 #5" or "working tree".
fn version_short(v: &Version) -> String {
    match v {
        Version::Commit { commit } => format!(
            "{}{}",
            commit.short,
            commit.pr.map(|n| format!(" #{n}")).unwrap_or_default()
        ),
        Version::WorkTree => "working tree".to_string(),
    }
}

/// Governance items as a matrix: a row per topic, a column per status; each item with its
/// approver and its date (agreed on, waived until, review due).
fn governance(site: &Site<'_>, p: &ProjectReport, state: Option<&ProjectState>) -> El {
    let mut section = El::new("section")
        .attr("id", "governance")
        .child(el("h2", "Governance"));
    let Some(file) = state.and_then(|s| s.governance.as_ref()) else {
        section.push(el("p", "governance.yaml did not load.").class("note"));
        return section;
    };
    let items = &file.data.items;
    if items.is_empty() {
        section.push(el("p", "No governance items.").class("note"));
        return section;
    }
    let statuses = [
        Status::Pending,
        Status::Rejected,
        Status::Waived,
        Status::Agreed,
    ];
    let mut rows = Vec::new();
    for topic in Topic::ALL {
        let here: Vec<_> = items.iter().filter(|i| i.topic == topic).collect();
        if here.is_empty() {
            continue;
        }
        let mut cells = vec![el("th", topic.as_str()).attr("scope", "row")];
        for status in statuses {
            let mine: Vec<_> = here.iter().filter(|i| i.status == status).collect();
            let mut cell = El::new("td").class("prose");
            for item in mine.iter().take(MAX_CELL) {
                let required = p
                    .governance
                    .iter()
                    .find(|g| g.id == item.id)
                    .is_some_and(|g| g.required && !g.settled);
                let date = match (status, &item.agreed_at, &item.waiver, &item.review_due) {
                    (Status::Agreed, Some(d), _, _) => format!("agreed {d}"),
                    (Status::Waived, _, Some(w), _) => format!("waived until {}", w.expires),
                    (_, _, _, Some(d)) => format!("review by {d}"),
                    _ => String::new(),
                };
                let mut div = El::new("div")
                    .class("item")
                    .child(el("span", clip(&item.title, 160)).attr("title", &item.id))
                    .text(" ")
                    .child(
                        el(
                            "span",
                            format!(
                                "— {} ({})",
                                person(site.snap, &item.approver),
                                item.department
                            ),
                        )
                        .class("who"),
                    );
                if !date.is_empty() {
                    div = div.text(" ").child(el("time", date));
                }
                if required {
                    div = div
                        .text(" ")
                        .child(el("span", "needed now").class("required"));
                }
                cell.push(div);
            }
            if mine.len() > MAX_CELL {
                cell.push(el("div", format!("and {} more", mine.len() - MAX_CELL)).class("note"));
            }
            cells.push(cell);
        }
        rows.push(row(cells));
    }
    let mut t = table(
        &["topic", "pending", "rejected", "waived", "agreed"],
        rows,
        None,
    );
    t = t.class("matrix");
    section.push(t);
    section
}

/// The decision timeline from history, newest first.
fn timeline(site: &Site<'_>, trend: Option<&ProjectTrend>) -> El {
    let mut section = El::new("section")
        .attr("id", "timeline")
        .child(el("h2", "Decision timeline"));
    let entries = trend.map(|t| t.timeline.as_slice()).unwrap_or_default();
    if entries.is_empty() {
        let why = match &site.trends.history {
            HistoryRead::Unavailable { .. } => "History not read.",
            HistoryRead::Walked { .. } => {
                "No decision, stage change or recommendation change in the history."
            }
        };
        section.push(el("p", why).class("note"));
        return section;
    }
    // Newest commit first, each commit's events in the order they read (as `tollgate log`).
    let mut commits: Vec<&[crate::history::log::Entry]> = entries
        .chunk_by(|a, b| a.commit.id == b.commit.id)
        .collect();
    commits.reverse();
    let rows = commits
        .into_iter()
        .flatten()
        .take(MAX_TIMELINE)
        .map(|e| {
            let c = &e.commit;
            row(vec![
                El::new("td").child(el("time", c.date.get(..10).unwrap_or(&c.date).to_string())),
                el("td", crate::report::log::describe(e)).class("prose"),
                el(
                    "td",
                    e.rationale
                        .as_deref()
                        .map_or(String::new(), |r| clip(r, 300)),
                )
                .class("prose"),
                El::new("td").child(el("code", c.short.clone())),
                el("td", c.author.clone()),
                el("td", c.pr.map_or("—".to_string(), |n| format!("#{n}"))),
            ])
        })
        .collect();
    section.push(table(
        &["date", "what", "why", "commit", "author", "PR"],
        rows,
        rest(entries.len(), MAX_TIMELINE, "earlier entry"),
    ));
    section.push(
        el(
            "p",
            "From the git history, as `tollgate log` shows it; uncommitted changes are not in it.",
        )
        .class("note"),
    );
    section
}

fn issues(site: &Site<'_>, state: Option<&ProjectState>) -> El {
    let mut section = El::new("section")
        .attr("id", "issues")
        .child(el("h2", "Open issues"));
    let Some(file) = state.and_then(|s| s.issues.as_ref()) else {
        section.push(el("p", "issues.yaml did not load.").class("note"));
        return section;
    };
    let open: Vec<_> = file
        .data
        .issues
        .iter()
        .filter(|i| i.status == IssueStatus::Open)
        .collect();
    if open.is_empty() {
        section.push(el("p", "None open.").class("note"));
        return section;
    }
    let now = site.meta.now;
    let rows = open
        .iter()
        .take(MAX_ISSUES)
        .map(|i| {
            let due = match i.due {
                Some(d) if d < now => el("span", format!("{d} (overdue)")).class("overdue"),
                Some(d) => el("span", d.to_string()),
                None => el("span", "—"),
            };
            row(vec![
                El::new("td").class("prose").child(el("code", i.id.clone())),
                el("td", i.area.as_str()),
                el("td", clip(&i.title, 300)).class("prose"),
                el(
                    "td",
                    i.owner
                        .as_deref()
                        .map_or("—".to_string(), |o| person(site.snap, o)),
                ),
                El::new("td").child(due),
                el("td", i.blocks.map_or("—", Stage::title)),
            ])
        })
        .collect();
    section.push(table(
        &["issue", "area", "title", "owner", "due", "blocks the gate"],
        rows,
        rest(open.len(), MAX_ISSUES, "more open issue"),
    ));
    section
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluate::measure;
    use crate::history::trend::{Point, Terms};
    use crate::model::{Dataset, DatasetKind, Date, Gate, Kpi, MeasuredResult};

    /// A KPI measured `count` times, a day apart.
    fn long_series(count: usize) -> Series {
        let kpi: Kpi = serde_json::from_value(serde_json::json!({
            "id": "accuracy", "name": "Accuracy", "layer": "quantitative", "unit": "percent",
            "direction": "higher-is-better", "criteria": {"poc": {"threshold": 70, "stop": 40}}
        }))
        .expect("kpi");
        let start = Date::from_ymd_opt(2026, 1, 1).expect("date");
        let points = (0..count)
            .map(|i| {
                let measured_at = start + chrono::Duration::days(i as i64);
                let r = MeasuredResult {
                    id: format!("run-{i}"),
                    kpi: "accuracy".into(),
                    gate: Gate::Poc,
                    value: None,
                    successes: Some(100 + (i % 60) as u64),
                    n: Some(200),
                    dataset: Dataset {
                        id: "set".into(),
                        kind: DatasetKind::Test,
                    },
                    measured_at,
                    measured_by: None,
                    evidence: None,
                    note: None,
                };
                let row = measure::measure(&kpi, 0, Gate::Poc, &[r], &[DatasetKind::Test])
                    .expect("criteria at the gate");
                Point {
                    version: Version::WorkTree,
                    measured_at,
                    row,
                }
            })
            .collect();
        Series {
            kpi: kpi.id.clone(),
            name: kpi.name.clone(),
            gate: Gate::Poc,
            terms: Terms {
                criteria: kpi.criteria(Gate::Poc).cloned(),
                unit: kpi.unit,
                direction: kpi.direction,
            },
            points,
            changes: Vec::new(),
        }
    }

    #[test]
    fn a_long_history_keeps_the_figure_small() {
        let short = figure(&long_series(3), "t", true).render();
        let long = figure(&long_series(1000), "t", true).render();
        assert_eq!(long.matches("class=\"point ").count(), chart::MAX_POINTS);
        assert!(long.contains("880 earlier values not drawn"), "{long}");
        assert_eq!(long.matches("<tr>").count(), TABLE_POINTS + 1);
        assert!(long.contains("990 earlier values not listed"));
        assert_eq!(short.matches("<tr>").count(), 4);
        assert!(long.len() < 60_000, "{} bytes", long.len());
    }
}
