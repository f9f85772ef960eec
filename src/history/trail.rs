//! The audit trail's walk: per commit and project, the decision timeline of [`super::log`]
//! plus governance, waiver, criteria, result and issue events, who made each
//! ([`super::attribution`]), and the dates that passed in between.
//!
//! Each project's change is read from the two sides of its transition ([`Transition`]); what a
//! date passing needs (the agreed items' `review_due`, the waivers' expiry) is remembered per
//! project along the walk, and a date that passed before the project's next change, or before
//! `now`, becomes an event placed among the commits by its date.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use git2::Oid;

use super::attribution::Attributor;
use super::error::HistoryError;
use super::event::{self as log, Entries, Entry, Event, LogOptions, Measured};
use super::repo::{CommitInfo, Repo};
use super::walk::{ProjectFiles, Step, Transition, Walker, Warning};
use crate::evaluate::measure::{self, value_of};
use crate::evaluate::{criterion_text, show_measured, topics_required};
use crate::load::Kind;
use crate::model::{
    DatasetKind, Date, Gate, GovernanceItem, IssueStatus, MeasuredResult, OpenIssue, Stage, Status,
    Topic,
};

/// What the walk produced, before the filters.
pub(super) struct Walked {
    /// Newest first.
    pub entries: Entries,
    pub commits: usize,
    pub now: Date,
    pub warnings: Vec<Warning>,
}

/// Walks the history reachable from `head` into the audit trail.
pub(super) fn walk(
    repo: &Repo,
    head: Oid,
    options: &LogOptions<'_>,
) -> Result<Walked, HistoryError> {
    let config = repo.config_at(head)?;
    let mut walker = Walker::alone(
        repo,
        &config.projects_dir,
        &Kind::PROJECT_FILES,
        config.max_file_bytes,
    );
    let commits = walker.commits_known(head, options.first_parent)?;
    let head_date = match commits.last() {
        Some(last) => date_of(&repo.commit_info(*last)?.date),
        None => Date::default(),
    };
    let now = options.now.unwrap_or(head_date);
    let mut trail = Trail {
        options,
        attributor: Attributor::new(repo, &config, walker.companion(), options.first_parent),
        required: Stage::ALL.map(|g| {
            options
                .policy
                .map(|p| topics_required(p, g))
                .unwrap_or_default()
        }),
        allowed: Stage::ALL.map(|g| match options.policy {
            Some(p) => measure::allowed_kinds(p, g),
            None => vec![
                DatasetKind::Test,
                DatasetKind::ProductionLike,
                DatasetKind::Production,
            ],
        }),
        tracks: HashMap::new(),
        groups: Vec::new(),
        lapses: Vec::new(),
    };
    walker.walk_ahead(&commits, options.first_parent, &mut |walker, i| {
        if let Some(step) = walker.step(commits[i], options.first_parent)? {
            trail.step(&step)?;
        }
        if let Some(progress) = options.progress {
            progress(i + 1, commits.len());
        }
        Ok(())
    })?;
    trail.lapse_until(now);
    Ok(Walked {
        entries: trail.entries(),
        commits: commits.len(),
        now,
        warnings: walker.into_warnings(),
    })
}

/// A date that will pass unless a later change moves it: an agreed item's review, a waiver's
/// expiry.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Term {
    Review(String),
    ItemWaiver(String),
    RuleWaiver(String),
}

#[derive(Clone, Debug)]
struct Deadline {
    term: Term,
    date: Date,
    gate: Option<Gate>,
    /// The commit that set the date, and how many commit groups came before it.
    set_in: CommitInfo,
    set_at: usize,
}

/// What is remembered about one project along the walk.
#[derive(Default)]
struct Track {
    /// (kpi, gate) pairs with results committed so far.
    results_seen: HashSet<(String, Gate)>,
    deadlines: Vec<Deadline>,
    passed: HashSet<(Term, Date)>,
}

/// A date passing, with where in the walk it can go: after group `lo`, not after group `hi`.
struct Lapse {
    entry: Entry,
    lo: usize,
    hi: usize,
}

/// One commit's entries (in reading order) and its day.
struct Group {
    date: String,
    entries: Entries,
}

struct Trail<'a, 'r> {
    options: &'a LogOptions<'a>,
    attributor: Attributor<'r>,
    /// Topics the policy's governance rules require, per gate (by [`Stage::index`]).
    required: [Vec<Topic>; 3],
    /// Dataset kinds whose results count, per gate.
    allowed: [Vec<DatasetKind>; 3],
    tracks: HashMap<String, Track>,
    /// Oldest first.
    groups: Vec<Group>,
    lapses: Vec<Lapse>,
}

impl Trail<'_, '_> {
    fn step(&mut self, step: &Step) -> Result<(), HistoryError> {
        let commit = &step.commit;
        // One copy of the commit for all of its entries (tens of thousands in a long history).
        let shared = Arc::new(commit.clone());
        let day = date_of(&commit.date);
        let mut group = Vec::new();
        let mut tracks = Vec::new();
        for t in &step.transitions {
            if let Some(from) = &t.renamed_from
                && let Some(track) = self.tracks.remove(from)
            {
                self.tracks.insert(t.project.clone(), track);
            }
            // Dates that passed before this change of the project.
            self.lapse_project(&t.project, |date| date < day);
            let mut entries = Vec::new();
            log::events(&shared, t, self.options, &mut entries);
            let recommendation: Vec<Entry> = entries
                .extract_if(.., |e| {
                    matches!(e.event, Event::RecommendationChanged { .. })
                })
                .collect();
            let mut more = Vec::new();
            let track = self.tracks.remove(&t.project).unwrap_or_default();
            self.governance(t, &mut more);
            self.waivers(t, &mut more);
            self.criteria(t, &track, &mut more);
            self.results(t, &mut more);
            self.issues(t, &mut more);
            for (gate, event, rationale) in more {
                entries.push(Entry {
                    commit: Arc::clone(&shared),
                    date: log::day(&commit.date),
                    project: t.project.clone(),
                    gate,
                    event,
                    rationale,
                    by: None,
                });
            }
            // The first commit is the import the record starts from: nobody can tell who
            // agreed to what before it, so nothing in it is attributed.
            if !commit.parents.is_empty() {
                for e in &mut entries {
                    e.by = self
                        .attributor
                        .attribute(commit, t, &e.event)?
                        .map(Box::new);
                }
            }
            entries.extend(recommendation);
            // Boxed: putting tens of thousands of entries newest first at the end then moves
            // pointers, not a second copy of them all.
            group.extend(entries.into_iter().map(Box::new));
            tracks.push((t, track));
        }
        if !group.is_empty() {
            // Held to the end of the walk: without the slack of its growth (the first commit's
            // group holds an entry for everything imported).
            group.shrink_to_fit();
            self.groups.push(Group {
                date: log::day(&commit.date),
                entries: group,
            });
        }
        for (t, track) in tracks {
            self.remember(commit, t, track);
        }
        Ok(())
    }

    /// Updates what is remembered about the project after its transition.
    fn remember(&mut self, commit: &CommitInfo, t: &Transition, mut track: Track) {
        if t.after.project.is_none() {
            // Removed: a later project of the same name starts afresh.
            return;
        }
        if let Some(results) = &t.after.results {
            for r in &results.results {
                track.results_seen.insert((r.kpi.clone(), r.gate));
            }
        }
        let stage = t.after.project.as_ref().map(|p| p.stage);
        let mut deadlines = Vec::new();
        if let Some(g) = &t.after.governance {
            for item in &g.items {
                let gate = stage.and_then(|s| self.governance_gate(item.topic, s));
                if item.status == Status::Agreed
                    && let Some(due) = item.review_due
                {
                    deadlines.push((Term::Review(item.id.clone()), due, gate));
                }
                if item.status == Status::Waived
                    && let Some(w) = &item.waiver
                {
                    deadlines.push((Term::ItemWaiver(item.id.clone()), w.expires, gate));
                }
            }
        }
        if let Some(p) = &t.after.project {
            for w in &p.waivers {
                deadlines.push((Term::RuleWaiver(w.rule.clone()), w.expires, None));
            }
        }
        // Dates this commit set pass after it: after the groups so far (its own included).
        let set_at = self.groups.len();
        track.deadlines = deadlines
            .into_iter()
            .map(|(term, date, gate)| {
                match track
                    .deadlines
                    .iter()
                    .find(|d| d.term == term && d.date == date)
                {
                    Some(kept) => Deadline {
                        gate,
                        ..kept.clone()
                    },
                    None => Deadline {
                        term,
                        date,
                        gate,
                        set_in: commit.clone(),
                        set_at,
                    },
                }
            })
            .collect();
        self.tracks.insert(t.project.clone(), track);
    }

    /// Dates of one project that passed (`passed(date)`), not reported yet.
    fn lapse_project(&mut self, project: &str, passed: impl Fn(Date) -> bool) {
        let hi = self.groups.len();
        let Some(track) = self.tracks.get_mut(project) else {
            return;
        };
        for d in &track.deadlines {
            if !passed(d.date) || !track.passed.insert((d.term.clone(), d.date)) {
                continue;
            }
            let event = match &d.term {
                Term::Review(item) => Event::ReviewDuePassed {
                    item: item.clone(),
                    due: d.date,
                },
                Term::ItemWaiver(item) => Event::WaiverExpired {
                    item: Some(item.clone()),
                    rule: None,
                    expires: d.date,
                },
                Term::RuleWaiver(rule) => Event::WaiverExpired {
                    item: None,
                    rule: Some(rule.clone()),
                    expires: d.date,
                },
            };
            self.lapses.push(Lapse {
                entry: Entry {
                    commit: Arc::new(d.set_in.clone()),
                    date: d.date.to_string(),
                    project: project.to_string(),
                    gate: d.gate,
                    event,
                    rationale: None,
                    by: None,
                },
                lo: d.set_at.min(hi),
                hi,
            });
        }
    }

    /// Every date that passed before `now` and was not reported yet.
    fn lapse_until(&mut self, now: Date) {
        let mut projects: Vec<String> = self.tracks.keys().cloned().collect();
        projects.sort();
        for p in projects {
            self.lapse_project(&p, |date| date < now);
        }
    }

    /// The entries, newest first: commit groups in walk order, each date that passed placed
    /// after the commits up to its day (and after the commit that set it).
    fn entries(self) -> Entries {
        let mut placed: Vec<(usize, Entry)> = self
            .lapses
            .into_iter()
            .map(|l| {
                let mut at = l.lo;
                while at < l.hi && self.groups[at].date <= l.entry.date {
                    at += 1;
                }
                (at, l.entry)
            })
            .collect();
        placed.sort_by(|a, b| (a.0, &a.1.date).cmp(&(b.0, &b.1.date)));
        let total = placed.len() + self.groups.iter().map(|g| g.entries.len()).sum::<usize>();
        let mut out: Entries = Vec::with_capacity(total);
        let mut lapses = placed.into_iter().peekable();
        for (i, group) in self.groups.into_iter().enumerate() {
            while let Some((_, e)) = lapses.next_if(|(at, _)| *at <= i) {
                out.push(Box::new(e));
            }
            // Reversed below: keep the commit's reading order by reversing it first.
            out.extend(group.entries.into_iter().rev());
        }
        out.extend(lapses.map(|(_, e)| Box::new(e)));
        out.reverse();
        out
    }

    /// The gate a governance topic is first needed at, from `stage` on (else the first gate
    /// that needs it at all).
    fn governance_gate(&self, topic: Topic, stage: Stage) -> Option<Gate> {
        let needs = |g: &Gate| self.required[g.index()].contains(&topic);
        Stage::ALL
            .into_iter()
            .filter(|g| g.index() >= stage.index())
            .find(needs)
            .or_else(|| Stage::ALL.into_iter().find(needs))
    }

    fn governance(&self, t: &Transition, out: &mut Vec<Pending>) {
        let empty = Vec::new();
        let before = t.before.governance.as_ref().map_or(&empty, |g| &g.items);
        let after = t.after.governance.as_ref().map_or(&empty, |g| &g.items);
        let stage = t
            .after
            .project
            .as_ref()
            .or(t.before.project.as_ref())
            .map_or(Stage::Poc, |p| p.stage);
        for item in after {
            let gate = self.governance_gate(item.topic, stage);
            let was = before.iter().find(|b| b.id == item.id);
            let Some(was) = was else {
                out.push((
                    gate,
                    Event::GovernanceAdded {
                        item: item.id.clone(),
                        topic: item.topic,
                        title: item.title.clone(),
                        approver: item.approver.clone(),
                        status: item.status,
                    },
                    None,
                ));
                if item.status != Status::Pending {
                    out.push((gate, status_change(item, None, &item.approver), why(item)));
                }
                continue;
            };
            if was.approver != item.approver {
                out.push((
                    gate,
                    Event::ApproverChanged {
                        item: item.id.clone(),
                        from: was.approver.clone(),
                        to: item.approver.clone(),
                    },
                    None,
                ));
            }
            if was.status != item.status {
                out.push((
                    gate,
                    status_change(item, Some(was.status), &was.approver),
                    why(item),
                ));
            } else if item.status == Status::Waived
                && item.waiver != was.waiver
                && let Some(w) = &item.waiver
            {
                out.push((
                    gate,
                    Event::WaiverGranted {
                        item: Some(item.id.clone()),
                        rule: None,
                        approved_by: w.approved_by.clone(),
                        reason: w.reason.clone(),
                        expires: w.expires,
                    },
                    Some(w.reason.clone()),
                ));
            }
        }
        if t.after.project.is_some() {
            for was in before {
                if !after.iter().any(|i| i.id == was.id) {
                    out.push((
                        self.governance_gate(was.topic, stage),
                        Event::GovernanceRemoved {
                            item: was.id.clone(),
                            status: was.status,
                        },
                        None,
                    ));
                }
            }
        }
    }

    /// Project waivers (`waivers:` in project.yaml) granted, or with new terms.
    fn waivers(&self, t: &Transition, out: &mut Vec<Pending>) {
        let (Some(before), Some(after)) = (
            t.before.project.as_ref().map(|p| &p.waivers),
            t.after.project.as_ref().map(|p| &p.waivers),
        ) else {
            if let Some(after) = &t.after.project {
                for w in &after.waivers {
                    out.push(rule_waiver(w));
                }
            }
            return;
        };
        for w in after {
            if !before.contains(w) {
                out.push(rule_waiver(w));
            }
        }
    }

    fn criteria(&self, t: &Transition, track: &Track, out: &mut Vec<Pending>) {
        let empty = Vec::new();
        let before = t.before.kpis.as_ref().map_or(&empty, |k| &k.kpis);
        let after = t.after.kpis.as_ref().map_or(&empty, |k| &k.kpis);
        let brought: HashSet<(String, Gate)> = t
            .after
            .results
            .iter()
            .flat_map(|r| r.results.iter().map(|r| (r.kpi.clone(), r.gate)))
            .collect();
        let removed_project = t.after.project.is_none();
        let mut ids: Vec<&String> = after.iter().map(|k| &k.id).collect();
        for old in before {
            if !ids.contains(&&old.id) {
                ids.push(&old.id);
            }
        }
        for id in ids {
            let old = before.iter().find(|k| &k.id == id);
            let new = after.iter().find(|k| &k.id == id);
            for gate in Stage::ALL {
                let key = (id.clone(), gate);
                let seen = track.results_seen.contains(&key);
                let (was, now) = (
                    old.and_then(|k| k.criteria(gate)),
                    new.and_then(|k| k.criteria(gate)),
                );
                match (old, was, now) {
                    (_, None, Some(_)) => {
                        let Some(kpi) = new else { continue };
                        let criterion = measure::measure(kpi, 0, gate, &[], &[])
                            .map(|row| criterion_text(&row))
                            .unwrap_or_default();
                        out.push((
                            Some(gate),
                            Event::CriteriaRegistered {
                                kpi: id.clone(),
                                gate,
                                criterion,
                                after_results: seen,
                            },
                            None,
                        ));
                    }
                    (Some(old), Some(_), _) if !removed_project => {
                        let after_results = seen || brought.contains(&key);
                        if now.is_none() {
                            out.push((
                                Some(gate),
                                Event::CriteriaRemoved {
                                    kpi: id.clone(),
                                    gate,
                                    kpi_removed: new.is_none(),
                                    after_results,
                                },
                                None,
                            ));
                            continue;
                        }
                        let changes = super::criteria::delta(old, new, gate, seen);
                        if changes.is_empty() {
                            continue;
                        }
                        let record = t.after.kpis.as_ref().and_then(|k| {
                            k.criteria_changes
                                .iter()
                                .rev()
                                .find(|c| {
                                    &c.kpi == id
                                        && c.gate == gate
                                        && !t
                                            .before
                                            .kpis
                                            .as_ref()
                                            .is_some_and(|b| b.criteria_changes.contains(c))
                                })
                                .cloned()
                        });
                        let rationale = record.as_ref().map(|r| r.rationale.clone());
                        out.push((
                            Some(gate),
                            Event::CriteriaChanged {
                                kpi: id.clone(),
                                gate,
                                changes,
                                record,
                                after_results,
                            },
                            rationale,
                        ));
                    }
                    _ => {}
                }
            }
        }
    }

    fn results(&self, t: &Transition, out: &mut Vec<Pending>) {
        if t.after.project.is_none() {
            return;
        }
        let empty = Vec::new();
        let before = t.before.results.as_ref().map_or(&empty, |r| &r.results);
        let after = t.after.results.as_ref().map_or(&empty, |r| &r.results);
        for r in after {
            match before.iter().find(|b| b.id == r.id) {
                None => out.push((
                    Some(r.gate),
                    Event::ResultRecorded {
                        result: r.id.clone(),
                        kpi: r.kpi.clone(),
                        gate: r.gate,
                        measured: self.measured(r, &t.after),
                    },
                    r.note.clone(),
                )),
                Some(b) if b != r => out.push((
                    Some(r.gate),
                    Event::ResultChanged {
                        result: r.id.clone(),
                        kpi: r.kpi.clone(),
                        gate: r.gate,
                        before: self.measured(b, &t.before),
                        after: self.measured(r, &t.after),
                    },
                    r.note.clone(),
                )),
                Some(_) => {}
            }
        }
        for b in before {
            if !after.iter().any(|r| r.id == b.id) {
                out.push((
                    Some(b.gate),
                    Event::ResultRemoved {
                        result: b.id.clone(),
                        kpi: b.kpi.clone(),
                        gate: b.gate,
                    },
                    None,
                ));
            }
        }
    }

    /// A result measured against its KPI's criteria in `files` ([`measure::measure`]), and
    /// whether it is the result that counts there.
    fn measured(&self, r: &MeasuredResult, files: &ProjectFiles) -> Measured {
        let kpi = files
            .kpis
            .as_ref()
            .and_then(|k| k.kpis.iter().enumerate().find(|(_, k)| k.id == r.kpi));
        let every = [
            DatasetKind::Test,
            DatasetKind::ProductionLike,
            DatasetKind::Production,
        ];
        let row =
            kpi.and_then(|(i, k)| measure::measure(k, i, r.gate, std::slice::from_ref(r), &every));
        let unit = kpi.map(|(_, k)| k.unit);
        let exact = match kpi {
            Some((_, k)) => value_of(r, k.unit),
            None => r.value.map(measure::Exact::Written),
        };
        let levels: Vec<_> = row
            .iter()
            .flat_map(|row| std::iter::once(row.threshold).chain(row.stop))
            .collect();
        let counts = match (kpi, &files.results) {
            (Some((_, k)), Some(results)) => {
                measure::counted(k, r.gate, &results.results, &self.allowed[r.gate.index()])
                    .is_some_and(|(_, c)| c.id == r.id)
            }
            _ => false,
        };
        Measured {
            value: exact.map(measure::Exact::decimal),
            shown: match (exact, unit) {
                (Some(v), Some(unit)) => Some(show_measured(v, unit, &levels)),
                (Some(v), None) => Some(v.decimal().to_string()),
                (None, _) => None,
            },
            successes: r.successes,
            n: r.n,
            unit,
            dataset: r.dataset.kind,
            measured_at: r.measured_at,
            criterion: row.as_ref().map(criterion_text),
            status: row.map(|row| row.status),
            counts,
        }
    }

    /// Open issues that block a gate: opened, resolved, removed.
    fn issues(&self, t: &Transition, out: &mut Vec<Pending>) {
        if t.after.project.is_none() {
            return;
        }
        let empty = Vec::new();
        let before = t.before.issues.as_ref().map_or(&empty, |i| &i.issues);
        let after = t.after.issues.as_ref().map_or(&empty, |i| &i.issues);
        let blocking = |i: &OpenIssue| i.status == IssueStatus::Open && i.blocks.is_some();
        for issue in after {
            let Some(gate) = issue.blocks else { continue };
            let was = before.iter().find(|b| b.id == issue.id);
            if blocking(issue) && !was.is_some_and(blocking) {
                out.push((
                    Some(gate),
                    Event::IssueOpened {
                        issue: issue.id.clone(),
                        area: issue.area,
                        title: issue.title.clone(),
                        blocks: gate,
                        reopened: was.is_some_and(|w| w.status == IssueStatus::Resolved),
                    },
                    None,
                ));
            } else if issue.status == IssueStatus::Resolved
                && was.is_none_or(|w| w.status == IssueStatus::Open)
            {
                out.push((
                    Some(gate),
                    Event::IssueResolved {
                        issue: issue.id.clone(),
                        blocks: gate,
                        resolution: issue.resolution.clone(),
                    },
                    issue.resolution.clone(),
                ));
            }
        }
        for was in before {
            if let Some(gate) = was.blocks
                && blocking(was)
                && !after.iter().any(|i| i.id == was.id)
            {
                out.push((
                    Some(gate),
                    Event::IssueRemoved {
                        issue: was.id.clone(),
                        blocks: gate,
                    },
                    None,
                ));
            }
        }
    }
}

/// An event not placed in an entry yet: its gate, the event, its rationale.
type Pending = (Option<Gate>, Event, Option<String>);

fn status_change(item: &GovernanceItem, from: Option<Status>, approver: &str) -> Event {
    Event::GovernanceStatusChanged {
        item: item.id.clone(),
        topic: item.topic,
        from,
        to: item.status,
        approver: approver.to_string(),
        waiver: (item.status == Status::Waived)
            .then(|| item.waiver.clone())
            .flatten(),
    }
}

/// Why an item's status is what it is: a waiver's reason, else its note.
fn why(item: &GovernanceItem) -> Option<String> {
    match (&item.waiver, item.status) {
        (Some(w), Status::Waived) => Some(w.reason.clone()),
        _ => item.note.clone(),
    }
}

fn rule_waiver(w: &crate::model::RuleWaiver) -> Pending {
    (
        None,
        Event::WaiverGranted {
            item: None,
            rule: Some(w.rule.clone()),
            approved_by: w.approved_by.clone(),
            reason: w.reason.clone(),
            expires: w.expires,
        },
        Some(w.reason.clone()),
    )
}

/// The day of an RFC 3339 time as a date (the epoch's when it cannot be read).
fn date_of(time: &str) -> Date {
    Date::parse_from_str(&log::day(time), "%Y-%m-%d").unwrap_or_default()
}
