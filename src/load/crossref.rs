//! Checks that need more than one file: references to people, KPIs and gates; unique ids; a
//! result's value within its KPI's unit. When a file another check depends on did not load, the
//! check says it could not run (`check-skipped`) instead of passing silently.

use std::collections::HashMap;

use super::schema::{Kind, UNIT_RANGES};
use super::snapshot::{Loaded, ProjectState, Snapshot};
use crate::findings::{Code, Finding};
use crate::model::{DecisionsFile, KpisFile, People, ProjectSpec, ResultsFile};
use crate::text::Files;

/// Runs every cross-file check, pushing findings into the snapshot.
pub fn check(snap: &mut Snapshot) {
    let mut out = Vec::new();
    let files = &snap.files;
    let people = snap.people.as_ref().map(|p| &p.data);
    // A roster read in part is checked for duplicate ids by the default branch's run, which
    // reads it whole (a pull request that changes it reads it whole too).
    if let Some(p) = snap.people.as_ref().filter(|p| !p.data.is_partial()) {
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
        f = match super::suggest::closest(id, people.everyone().iter().map(|p| p.id.as_str())) {
            Some(s) => f.help(format!("did you mean `{s}`?")),
            None => {
                f.help("add the person to people.yaml, with the emails and GitHub login they use")
            }
        };
        self.out.push(f);
    }
}

/// The cross-file checks of one project folder: the duplicate-id and person-reference checks run
/// over tables read off its files ([`id_lists`], [`person_refs`]); the checks particular to one
/// file follow.
fn check_project(state: &ProjectState, r: &mut Refs<'_>) {
    for list in id_lists(state) {
        unique(
            r.files,
            list.path,
            list.pointer,
            list.ids.into_iter(),
            list.what,
            r.out,
        );
    }
    for person in person_refs(state) {
        r.person(person.path, &person.pointer, person.id, person.role);
    }
    if let Some(p) = &state.project {
        project_id_and_waivers(state, p, r);
    }
    if let Some(k) = &state.kpis {
        criteria_change_targets(k, r);
    }
    if let Some(res) = &state.results {
        results_against_kpis(res, state.kpis.as_ref(), r);
    }
    if let (Some(res), None) = (&state.results, &state.kpis)
        && !res.data.results.is_empty()
    {
        results_unchecked(state, res.data.results.len(), r);
    }
    if let Some(d) = &state.decisions {
        supersedes_earlier(d, r);
    }
}

/// A list of entries with ids that must be unique in their file.
struct IdList<'a> {
    path: &'a str,
    /// JSON pointer of the list.
    pointer: &'static str,
    ids: Vec<&'a str>,
    /// What an entry is, for the message.
    what: &'static str,
}

/// Every list of the project's files whose ids must be unique.
fn id_lists(state: &ProjectState) -> Vec<IdList<'_>> {
    fn list<'a, T>(
        file: Option<&'a Loaded<T>>,
        pointer: &'static str,
        what: &'static str,
        ids: impl Fn(&'a T) -> Vec<&'a str>,
    ) -> Option<IdList<'a>> {
        file.map(|f| IdList {
            path: &f.path,
            pointer,
            ids: ids(&f.data),
            what,
        })
    }
    [
        list(state.kpis.as_ref(), "/kpis", "KPI", |k| {
            k.kpis.iter().map(|x| x.id.as_str()).collect()
        }),
        list(state.results.as_ref(), "/results", "result", |r| {
            r.results.iter().map(|x| x.id.as_str()).collect()
        }),
        list(
            state.governance.as_ref(),
            "/items",
            "governance item",
            |g| g.items.iter().map(|x| x.id.as_str()).collect(),
        ),
        list(state.decisions.as_ref(), "/decisions", "decision", |d| {
            d.decisions.iter().map(|x| x.id.as_str()).collect()
        }),
        list(state.issues.as_ref(), "/issues", "issue", |i| {
            i.issues.iter().map(|x| x.id.as_str()).collect()
        }),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// A person id written in a file, which people.yaml must list.
struct PersonRef<'a> {
    path: &'a str,
    pointer: String,
    id: &'a str,
    /// The role the person is named in, for the message.
    role: &'static str,
}

/// The people the project's files name (as [`person_refs`] finds them), for reading only
/// their entries of a large people.yaml.
pub(super) fn person_ids(state: &ProjectState) -> impl Iterator<Item = &str> {
    person_refs(state).into_iter().map(|r| r.id)
}

/// Every reference to a person in the project's files.
fn person_refs<'a>(state: &'a ProjectState) -> Vec<PersonRef<'a>> {
    let mut refs = Vec::new();
    let mut at = |path: &'a str, pointer: String, id: &'a str, role: &'static str| {
        refs.push(PersonRef {
            path,
            pointer,
            id,
            role,
        });
    };
    if let Some(p) = &state.project {
        for (role, id) in p.data.roles.iter() {
            at(&p.path, format!("/roles/{role}"), id, role);
        }
        for (i, d) in p.data.data.iter().enumerate() {
            if let Some(owner) = &d.owner {
                at(&p.path, format!("/data/{i}/owner"), owner, "data owner");
            }
        }
        for (i, w) in p.data.waivers.iter().enumerate() {
            let pointer = format!("/waivers/{i}/approved_by");
            at(&p.path, pointer, &w.approved_by, "waiver approver");
        }
    }
    if let Some(k) = &state.kpis {
        for (i, c) in k.data.criteria_changes.iter().enumerate() {
            let pointer = format!("/criteria_changes/{i}/changed_by");
            at(&k.path, pointer, &c.changed_by, "criteria change author");
        }
    }
    if let Some(res) = &state.results {
        for (i, m) in res.data.results.iter().enumerate() {
            if let Some(by) = &m.measured_by {
                at(
                    &res.path,
                    format!("/results/{i}/measured_by"),
                    by,
                    "measured_by",
                );
            }
        }
    }
    if let Some(g) = &state.governance {
        for (i, item) in g.data.items.iter().enumerate() {
            at(
                &g.path,
                format!("/items/{i}/approver"),
                &item.approver,
                "approver",
            );
            if let Some(w) = &item.waiver {
                let pointer = format!("/items/{i}/waiver/approved_by");
                at(&g.path, pointer, &w.approved_by, "waiver approver");
            }
        }
    }
    if let Some(d) = &state.decisions {
        for (i, dec) in d.data.decisions.iter().enumerate() {
            let pointer = format!("/decisions/{i}/decided_by");
            at(&d.path, pointer, &dec.decided_by, "decided_by");
        }
    }
    if let Some(iss) = &state.issues {
        for (i, item) in iss.data.issues.iter().enumerate() {
            if let Some(owner) = &item.owner {
                at(
                    &iss.path,
                    format!("/issues/{i}/owner"),
                    owner,
                    "issue owner",
                );
            }
        }
    }
    refs
}

/// project.yaml's id matches its folder, and each waiver names a finding code.
fn project_id_and_waivers(state: &ProjectState, p: &Loaded<ProjectSpec>, r: &mut Refs<'_>) {
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
    for (i, w) in p.data.waivers.iter().enumerate() {
        if Code::parse(&w.rule).is_none() {
            let mut f = Finding::new(
                Code::InvalidValue,
                format!("waiver names `{}`, which is not a finding code", w.rule),
            )
            .at(r.files.value(path, &format!("/waivers/{i}/rule")));
            let names = Code::ALL.iter().map(|c| c.as_str());
            f = match super::suggest::closest(&w.rule, names) {
                Some(s) => f.help(format!("did you mean `{s}`?")),
                None => f.help("`tollgate explain --list` lists the codes"),
            };
            r.out.push(f);
        }
    }
}

/// Each criteria change names a KPI of the file, at a gate the KPI has criteria for.
fn criteria_change_targets(k: &Loaded<KpisFile>, r: &mut Refs<'_>) {
    let path = &k.path;
    for (i, c) in k.data.criteria_changes.iter().enumerate() {
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

/// Each result counts at most n successes, and (when kpis.yaml loaded) names a KPI with criteria
/// at its gate and a value its unit allows.
fn results_against_kpis(
    res: &Loaded<ResultsFile>,
    kpis: Option<&Loaded<KpisFile>>,
    r: &mut Refs<'_>,
) {
    let path = &res.path;
    for (i, m) in res.data.results.iter().enumerate() {
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
        let Some(kpis) = kpis else { continue };
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

/// Results whose KPI references could not be checked, because kpis.yaml did not load.
fn results_unchecked(state: &ProjectState, n: usize, r: &mut Refs<'_>) {
    let kpis_path = crate::source::join(&state.dir, Kind::Kpis.file_name());
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

/// A decision's `supersedes` names a decision recorded above it.
fn supersedes_earlier(d: &Loaded<DecisionsFile>, r: &mut Refs<'_>) {
    for (i, dec) in d.data.decisions.iter().enumerate() {
        if let Some(prev) = &dec.supersedes
            && !d.data.decisions[..i].iter().any(|x| &x.id == prev)
        {
            r.out.push(
                Finding::new(
                    Code::InvalidValue,
                    format!("`supersedes: {prev}` names no earlier decision"),
                )
                .at(r
                    .files
                    .value(&d.path, &format!("/decisions/{i}/supersedes")))
                .help("a decision may only supersede one recorded above it"),
            );
        }
    }
}

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
