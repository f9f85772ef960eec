//! Checks that need more than one file: references to people, KPIs and gates; unique ids; a
//! result's value within its KPI's unit. When a file another check depends on did not load, the
//! check says it could not run (`check-skipped`) instead of passing silently.

use std::collections::HashMap;

use crate::findings::{Code, Finding};
use crate::model::People;
use crate::text::Files;

use super::Snapshot;

/// Runs every cross-file check, pushing findings into the snapshot.
pub fn check(snap: &mut Snapshot) {
    let mut out = Vec::new();
    let files = &snap.files;
    let people = snap.people.as_ref().map(|p| &p.data);
    if let Some(p) = &snap.people {
        unique(
            files,
            &p.path,
            "/people",
            p.data.people.iter().map(|x| x.id.as_str()),
            "person",
            &mut out,
        );
    }
    let mut unchecked_people = 0;
    for state in &snap.projects {
        let mut found = Vec::new();
        let mut refs = Refs {
            files,
            people,
            out: &mut found,
            unchecked_people: 0,
        };
        check_project(state, &mut refs);
        unchecked_people += refs.unchecked_people;
        for f in &mut found {
            f.project.get_or_insert_with(|| state.id.clone());
        }
        out.extend(found);
    }
    if unchecked_people > 0 {
        let path = &snap.config.people_file;
        out.push(
            Finding::new(
                Code::CheckSkipped,
                format!(
                    "{path} did not load, so {unchecked_people} reference{} to people (roles, approvers, authors) {} not checked",
                    if unchecked_people == 1 { "" } else { "s" },
                    if unchecked_people == 1 { "was" } else { "were" },
                ),
            )
            .at(files.value(path, ""))
            .help(format!("fix {path} (its own finding says what is wrong); the references are checked again once it loads")),
        );
    }
    snap.findings.extend(out);
}

struct Refs<'a> {
    files: &'a Files,
    people: Option<&'a People>,
    out: &'a mut Vec<Finding>,
    /// References to people not checked because the roster did not load.
    unchecked_people: usize,
}

impl Refs<'_> {
    /// Reports `id` at `pointer` when it names nobody in people.yaml.
    fn person(&mut self, path: &str, pointer: &str, id: &str, role: &str) {
        let Some(people) = self.people else {
            self.unchecked_people += 1;
            return;
        };
        if people.get(id).is_some() {
            return;
        }
        let mut f = Finding::new(
            Code::UnknownPerson,
            format!("{role} `{id}` is not in people.yaml"),
        )
        .at(self.files.value(path, pointer));
        f = match super::suggest::closest(id, people.people.iter().map(|p| p.id.as_str())) {
            Some(s) => f.help(format!("did you mean `{s}`?")),
            None => {
                f.help("add the person to people.yaml, with the emails and GitHub login they use")
            }
        };
        self.out.push(f);
    }
}

fn check_project(state: &super::ProjectState, r: &mut Refs<'_>) {
    if let Some(p) = &state.project {
        let path = &p.path;
        if p.data.id != state.id {
            r.out.push(
                Finding::new(
                    Code::ProjectIdMismatch,
                    format!(
                        "project id `{}` differs from its folder `{}`",
                        p.data.id, state.id
                    ),
                )
                .at(r.files.value(path, "/id"))
                .help(format!("set `id: {}` or rename the folder", state.id)),
            );
        }
        for (role, id) in p.data.roles.iter() {
            r.person(path, &format!("/roles/{role}"), id, role);
        }
        for (i, d) in p.data.data.iter().enumerate() {
            if let Some(owner) = &d.owner {
                r.person(path, &format!("/data/{i}/owner"), owner, "data owner");
            }
        }
        for (i, w) in p.data.waivers.iter().enumerate() {
            r.person(
                path,
                &format!("/waivers/{i}/approved_by"),
                &w.approved_by,
                "waiver approver",
            );
            if crate::findings::Code::parse(&w.rule).is_none() {
                let mut f = Finding::new(
                    Code::InvalidValue,
                    format!("waiver names `{}`, which is not a finding code", w.rule),
                )
                .at(r.files.value(path, &format!("/waivers/{i}/rule")));
                let names = crate::findings::Code::ALL.iter().map(|c| c.as_str());
                f = match super::suggest::closest(&w.rule, names) {
                    Some(s) => f.help(format!("did you mean `{s}`?")),
                    None => f.help("`tollgate explain --list` lists the codes"),
                };
                r.out.push(f);
            }
        }
    }
    if let Some(k) = &state.kpis {
        let path = &k.path;
        unique(
            r.files,
            path,
            "/kpis",
            k.data.kpis.iter().map(|x| x.id.as_str()),
            "KPI",
            r.out,
        );
        for (i, c) in k.data.criteria_changes.iter().enumerate() {
            r.person(
                path,
                &format!("/criteria_changes/{i}/changed_by"),
                &c.changed_by,
                "criteria change author",
            );
            match k.data.kpis.iter().find(|x| x.id == c.kpi) {
                None => r.out.push(unknown_kpi(r.files, path, &format!("/criteria_changes/{i}/kpi"), &c.kpi, k.data.kpis.iter().map(|x| x.id.as_str()))),
                Some(kpi) if kpi.criteria(c.gate).is_none() => r.out.push(
                    Finding::new(
                        Code::GateWithoutCriteria,
                        format!("criteria change for KPI `{}` at gate `{}`, which has no criteria for that gate", c.kpi, c.gate),
                    )
                    .at(r.files.value(path, &format!("/criteria_changes/{i}/gate")))
                    .help("record the change for a gate the KPI has criteria for"),
                ),
                Some(_) => {}
            }
        }
    }
    if let Some(res) = &state.results {
        let path = &res.path;
        unique(
            r.files,
            path,
            "/results",
            res.data.results.iter().map(|x| x.id.as_str()),
            "result",
            r.out,
        );
        for (i, m) in res.data.results.iter().enumerate() {
            if let Some(by) = &m.measured_by {
                r.person(
                    path,
                    &format!("/results/{i}/measured_by"),
                    by,
                    "measured_by",
                );
            }
            if let (Some(s), Some(n)) = (m.successes, m.n)
                && s > n
            {
                r.out.push(
                    Finding::new(
                        Code::InvalidValue,
                        format!("successes ({s}) exceed n ({n})"),
                    )
                    .at(r.files.value(path, &format!("/results/{i}/successes")))
                    .help("successes count the cases out of n that succeeded, so at most n"),
                );
            }
            let Some(kpis) = &state.kpis else { continue };
            let found = kpis.data.kpis.iter().find(|k| k.id == m.kpi);
            if let (Some(kpi), Some(v)) = (found, m.value)
                && !kpi.unit.allows(v)
            {
                r.out.push(
                    Finding::new(
                        Code::InvalidValue,
                        format!(
                            "{v} is out of range for `{}`, a {} KPI: its values are {}",
                            kpi.id,
                            kpi.unit.as_str(),
                            kpi.unit.range_text()
                        ),
                    )
                    .at(r.files.value(path, &format!("/results/{i}/value")))
                    .help(UNIT_RANGES),
                );
            }
            match found {
                None => r.out.push(unknown_kpi(r.files, path, &format!("/results/{i}/kpi"), &m.kpi, kpis.data.kpis.iter().map(|x| x.id.as_str()))),
                Some(kpi) if kpi.criteria(m.gate).is_none() => r.out.push(
                    Finding::new(
                        Code::GateWithoutCriteria,
                        format!("result for KPI `{}` at gate `{}`, but the KPI has no criteria for that gate", m.kpi, m.gate),
                    )
                    .at(r.files.value(path, &format!("/results/{i}/gate")))
                    .help(format!("register criteria under `criteria.{}` of `{}` in kpis.yaml before recording results", m.gate, m.kpi)),
                ),
                Some(_) => {}
            }
        }
    }
    if let (Some(res), None) = (&state.results, &state.kpis)
        && !res.data.results.is_empty()
    {
        let kpis_path = crate::source::join(&state.dir, super::Kind::Kpis.file_name());
        let n = res.data.results.len();
        r.out.push(
            Finding::new(
                Code::CheckSkipped,
                format!(
                    "kpis.yaml did not load, so the KPI {} of {n} result{} in results.yaml (and {} value range{}) {} not checked",
                    if n == 1 { "reference" } else { "references" },
                    if n == 1 { "" } else { "s" },
                    if n == 1 { "its" } else { "their" },
                    if n == 1 { "" } else { "s" },
                    if n == 1 { "was" } else { "were" },
                ),
            )
            .at(r.files.value(&kpis_path, ""))
            .help("fix kpis.yaml (its own finding says what is wrong); the references are checked again once it loads"),
        );
    }
    if let Some(g) = &state.governance {
        let path = &g.path;
        unique(
            r.files,
            path,
            "/items",
            g.data.items.iter().map(|x| x.id.as_str()),
            "governance item",
            r.out,
        );
        for (i, item) in g.data.items.iter().enumerate() {
            r.person(
                path,
                &format!("/items/{i}/approver"),
                &item.approver,
                "approver",
            );
            if let Some(w) = &item.waiver {
                r.person(
                    path,
                    &format!("/items/{i}/waiver/approved_by"),
                    &w.approved_by,
                    "waiver approver",
                );
            }
        }
    }
    if let Some(d) = &state.decisions {
        let path = &d.path;
        unique(
            r.files,
            path,
            "/decisions",
            d.data.decisions.iter().map(|x| x.id.as_str()),
            "decision",
            r.out,
        );
        for (i, dec) in d.data.decisions.iter().enumerate() {
            r.person(
                path,
                &format!("/decisions/{i}/decided_by"),
                &dec.decided_by,
                "decided_by",
            );
            if let Some(prev) = &dec.supersedes
                && !d.data.decisions[..i].iter().any(|x| &x.id == prev)
            {
                r.out.push(
                    Finding::new(
                        Code::InvalidValue,
                        format!("`supersedes: {prev}` names no earlier decision"),
                    )
                    .at(r.files.value(path, &format!("/decisions/{i}/supersedes")))
                    .help("a decision may only supersede one recorded above it"),
                );
            }
        }
    }
    if let Some(iss) = &state.issues {
        let path = &iss.path;
        unique(
            r.files,
            path,
            "/issues",
            iss.data.issues.iter().map(|x| x.id.as_str()),
            "issue",
            r.out,
        );
        for (i, item) in iss.data.issues.iter().enumerate() {
            if let Some(owner) = &item.owner {
                r.person(path, &format!("/issues/{i}/owner"), owner, "issue owner");
            }
        }
    }
}

/// What each unit allows, for the help line of an out-of-range value.
pub const UNIT_RANGES: &str = "percent values run from 0 to 100 and ratios from 0 to 1; seconds, minutes, counts and currency are never negative";

fn unknown_kpi<'a>(
    files: &Files,
    path: &str,
    pointer: &str,
    id: &str,
    known: impl IntoIterator<Item = &'a str>,
) -> Finding {
    let f = Finding::new(
        Code::UnknownKpi,
        format!("KPI `{id}` is not defined in kpis.yaml"),
    )
    .at(files.value(path, pointer));
    match super::suggest::closest(id, known) {
        Some(s) => f.help(format!("did you mean `{s}`?")),
        None => f.help("define the KPI, with its criteria, in kpis.yaml before recording results"),
    }
}

/// Reports every entry whose id was already used by an earlier entry of the same list.
fn unique<'a>(
    files: &Files,
    path: &str,
    list: &str,
    ids: impl Iterator<Item = &'a str>,
    what: &str,
    out: &mut Vec<Finding>,
) {
    let mut first: HashMap<&str, usize> = HashMap::new();
    for (i, id) in ids.enumerate() {
        if let Some(j) = first.get(id) {
            let earlier = files.value(path, &format!("{list}/{j}/id"));
            out.push(
                Finding::new(Code::DuplicateId, format!("{what} id `{id}` is used twice"))
                    .at(files.value(path, &format!("{list}/{i}/id")))
                    .help(format!("first used at line {}", earlier.line)),
            );
        } else {
            first.insert(id, i);
        }
    }
}
