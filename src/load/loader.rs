//! Reading a source into a [`Snapshot`]: tollgate.yaml first (it says where everything else
//! is), then the roster, the policy files and every project folder (in parallel, merged in
//! folder order so the outcome does not depend on scheduling), then the cross-file checks.
//! A problem with one file is a finding about that file and never stops the others.

use std::collections::HashMap;
use std::sync::Arc;

use git2::Oid;
use rayon::prelude::*;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::cache::ParseCache;
use super::parse::Parsed;
use super::parse::{parse_bytes, without_bom};
use super::schema::Kind;
use super::snapshot::{Loaded, ProjectState, Snapshot};
use super::{crossref, roster, schema_files, suggest};
use crate::findings::{Code, Finding};
use crate::model::{Config, People};
use crate::source::{self, EntryKind, ReadError, Source, SourceError};
use crate::text::yaml::Pos;
use crate::text::{self as files, Files, Reopen};

/// Files and findings of part of a load, merged into the snapshot afterwards (so that parts can
/// be loaded on several threads).
#[derive(Debug, Default)]
struct Sink {
    files: Files,
    findings: Vec<Finding>,
    blobs: HashMap<String, Oid>,
}

impl Sink {
    fn merge_into(self, snap: &mut Snapshot) {
        snap.files.merge(self.files);
        snap.findings.extend(self.findings);
        snap.blobs.extend(self.blobs);
    }
}

/// What the loader may be told beyond the source.
#[derive(Clone, Debug, Default)]
pub struct LoadOptions {
    /// Overrides `max_file_bytes` from tollgate.yaml (e.g. from the command line).
    pub max_file_bytes: Option<u64>,
    /// Load only this project (others are not read).
    pub only_project: Option<String>,
    /// Load only these projects (by folder name; others are not read, and a name without a
    /// folder is not an error): a pull request's changed projects.
    pub only_projects: Option<std::collections::BTreeSet<String>>,
    /// Read no project folder: only tollgate.yaml, people.yaml and the policy files (for
    /// building the policy at a commit).
    pub skip_projects: bool,
    /// Also compare the editor schemas in `.tollgate/schemas/` with this binary's
    /// (`schema-outdated`); for the working tree, not for every commit of a history walk.
    pub editor_schemas: bool,
    /// Read people.yaml only as far as lookups by these keys (the e-mails of the commits
    /// compared) and by the people the loaded projects refer to need ([`super::roster`]): for a
    /// comparison whose two sides hold the same people.yaml, whose own findings are then the
    /// default branch's. Other lookups are still answered as the whole file answers them.
    pub roster_keys: Option<Vec<String>>,
}

/// Loads a repository snapshot. Only a source that cannot be listed at all is an `Err`.
pub fn load(source: &dyn Source, options: &LoadOptions) -> Result<Snapshot, SourceError> {
    load_inner(source, options, None)
}

/// [`load`], reusing files parsed before (by blob id) and remembering the ones parsed now. A
/// commit's files are found by the ids its tree holds before they are read; a working tree's are
/// hashed as git would after reading, so the same version is parsed once wherever it is read.
pub fn load_with_cache(
    source: &dyn Source,
    options: &LoadOptions,
    cache: &ParseCache,
) -> Result<Snapshot, SourceError> {
    load_inner(source, options, Some(cache))
}

fn load_inner(
    source: &dyn Source,
    options: &LoadOptions,
    cache: Option<&ParseCache>,
) -> Result<Snapshot, SourceError> {
    let mut snap = Snapshot {
        partial: options.only_project.is_some() || options.only_projects.is_some(),
        ..Snapshot::default()
    };
    let root = source.list("")?;
    let mut sink = Sink::default();
    snap.config = read_config(source, &root, options, cache, &mut sink);
    let cap = options.max_file_bytes.unwrap_or(snap.config.max_file_bytes);
    let config = snap.config.clone();

    // The roster is needed only to check the projects' references (and, read only as far as
    // lookups need, after them).
    if !options.skip_projects && options.roster_keys.is_none() {
        snap.people = read_typed::<People>(
            source,
            &config.people_file,
            Kind::People,
            cap,
            cache,
            &mut sink,
        );
    }
    // Read only as far as lookups need, people.yaml is read and split into entries beside the
    // policies and projects (the split needs no key); what they name then chooses the entries.
    let split_first = !options.skip_projects && options.roster_keys.is_some();
    let mut split = None;
    let loaded = rayon::in_place_scope(|scope| {
        if split_first {
            let (split, people) = (&mut split, &config.people_file);
            scope.spawn(move |_| {
                let mut out = Sink::default();
                let read = split_roster(source, people, cap, cache, &mut out);
                *split = Some((read, out));
            });
        }
        policies_and_projects(source, options, &config, cap, cache, &mut snap, &mut sink)
    });
    let Some(loaded) = loaded else {
        snap.partial = true;
        sink.merge_into(&mut snap);
        crossref::check(&mut snap);
        crate::findings::sort(&mut snap.findings);
        return Ok(snap);
    };
    sink.merge_into(&mut snap);
    for (state, out) in loaded {
        out.merge_into(&mut snap);
        snap.projects.push(state);
    }
    if let Some((read, mut out)) = split
        && let Some(keys) = &options.roster_keys
    {
        let mut needles: Vec<&str> = keys.iter().map(String::as_str).collect();
        for state in &snap.projects {
            needles.extend(crossref::person_ids(state));
        }
        let path = &config.people_file;
        snap.people = read_roster_part(source, path, cap, cache, &mut out, read, &needles);
        out.merge_into(&mut snap);
    }

    crossref::check(&mut snap);
    crate::findings::sort(&mut snap.findings);
    Ok(snap)
}

/// The policies, the editor schema files and (unless skipped: `None`) the projects, each
/// with what its reading found; projects are independent, so they are parsed in parallel and
/// returned in folder order, so that the snapshot (and every output) is the same whatever the
/// scheduling.
fn policies_and_projects(
    source: &dyn Source,
    options: &LoadOptions,
    config: &Config,
    cap: u64,
    cache: Option<&ParseCache>,
    snap: &mut Snapshot,
    sink: &mut Sink,
) -> Option<Vec<(ProjectState, Sink)>> {
    snap.policies = read_policies(source, &config.policy_dir, cap, cache, sink);
    if options.editor_schemas {
        sink.findings.extend(schema_files::check(source));
    }
    if options.skip_projects {
        return None;
    }
    let (project_dirs, unread) = project_folders(source, options, config, snap, sink);
    snap.unread_projects = unread;
    Some(
        project_dirs
            .par_iter()
            .map(|dir| {
                let mut out = Sink::default();
                let state = load_project(
                    source,
                    &config.projects_dir,
                    &dir.name,
                    cap,
                    cache,
                    &mut out,
                );
                (state, out)
            })
            .collect(),
    )
}

/// tollgate.yaml, which is optional; when present it decides where everything else is (and is
/// read under the command line's size cap, or the default one, since it sets the cap).
fn read_config(
    source: &dyn Source,
    root: &[source::Entry],
    options: &LoadOptions,
    cache: Option<&ParseCache>,
    sink: &mut Sink,
) -> Config {
    let cap_default = options
        .max_file_bytes
        .unwrap_or(crate::model::Config::default().max_file_bytes);
    if root.iter().any(|e| e.name == Kind::Config.file_name())
        && let Some(config) = read_typed::<Config>(
            source,
            Kind::Config.file_name(),
            Kind::Config,
            cap_default,
            cache,
            sink,
        )
    {
        return config.data;
    }
    Config::default()
}

/// The documents of the policy folder's YAML files, each schema-validated.
fn read_policies(
    source: &dyn Source,
    policy_dir: &str,
    cap: u64,
    cache: Option<&ParseCache>,
    sink: &mut Sink,
) -> Vec<Loaded<Value>> {
    let mut policies = Vec::new();
    let entries = list_configured(source, policy_dir, "policy_dir", sink);
    for entry in entries.unwrap_or_default() {
        if entry.kind == EntryKind::File && is_yaml(&entry.name) {
            let path = source::join(policy_dir, &entry.name);
            if let Some(doc) = read_document(source, &path, Kind::Policy, cap, cache, sink) {
                policies.push(Loaded {
                    path,
                    data: doc.into_value(),
                });
            }
        }
    }
    policies
}

/// The project folders to read (those `--project` or a pull request's scope select), and how
/// many others exist but are not read. No folder at all where some were wanted is a finding.
fn project_folders(
    source: &dyn Source,
    options: &LoadOptions,
    config: &Config,
    snap: &mut Snapshot,
    sink: &mut Sink,
) -> (Vec<source::Entry>, usize) {
    let (listed, listed_dirs, project_dirs) = match wanted(options)
        .zip(source.count_folders(&config.projects_dir))
    {
        // A commit counts its folders and looks up the few wanted, rather than listing
        // thousands of names to keep a few.
        Some((names, count)) => {
            let project_dirs: Vec<_> = names
                .into_iter()
                .filter(|name| {
                    !name.is_empty()
                        && !name.starts_with('.')
                        && !name.contains('/')
                        && source
                            .folder_id(&source::join(&config.projects_dir, name))
                            .is_some()
                })
                .map(|name| source::Entry {
                    name,
                    kind: EntryKind::Dir,
                })
                .collect();
            (true, count, project_dirs)
        }
        None => {
            let project_dirs = list_configured(source, &config.projects_dir, "projects_dir", sink);
            // A folder that cannot be listed has its finding already.
            let listed = project_dirs.is_some();
            let all_dirs: Vec<_> = project_dirs
                .unwrap_or_default()
                .into_iter()
                .filter(|e| e.kind == EntryKind::Dir && !e.name.starts_with('.'))
                .collect();
            let listed_dirs = all_dirs.len();
            let project_dirs: Vec<_> = all_dirs
                .into_iter()
                .filter(|e| options.only_project.as_ref().is_none_or(|p| *p == e.name))
                .filter(|e| {
                    options
                        .only_projects
                        .as_ref()
                        .is_none_or(|s| s.contains(&e.name))
                })
                .collect();
            (listed, listed_dirs, project_dirs)
        }
    };
    let unread = listed_dirs - project_dirs.len();
    // A pull request that changed no project folder reads none; that is not "no projects".
    let none_wanted = options.only_projects.is_some() && listed_dirs > 0;
    if listed && project_dirs.is_empty() && !none_wanted {
        let what = match &options.only_project {
            Some(p) => format!("no project `{p}` in `{}/`", config.projects_dir),
            None => format!("no project folders in `{}/`", config.projects_dir),
        };
        snap.findings.push(
            Finding::new(Code::NoProjects, what)
                .help("each project is a folder `projects/<id>/` holding its six YAML files"),
        );
    }
    (project_dirs, unread)
}

/// The project folders `--project` or a pull request's scope name, in name order; `None` when
/// every folder is wanted.
fn wanted(options: &LoadOptions) -> Option<Vec<String>> {
    match (&options.only_project, &options.only_projects) {
        (None, None) => None,
        (Some(p), None) => Some(vec![p.clone()]),
        (None, Some(s)) => Some(s.iter().cloned().collect()),
        (Some(p), Some(s)) => Some(s.iter().filter(|n| *n == p).cloned().collect()),
    }
}

fn load_project(
    source: &dyn Source,
    projects_dir: &str,
    id: &str,
    cap: u64,
    cache: Option<&ParseCache>,
    snap: &mut Sink,
) -> ProjectState {
    let dir = source::join(projects_dir, id);
    let mut state = ProjectState {
        id: id.to_string(),
        dir: dir.clone(),
        ..ProjectState::default()
    };
    let entries = match source.list(&dir) {
        Ok(entries) => entries,
        Err(e) => {
            // One finding for the folder, not six for its files.
            snap.findings
                .push(unlistable(&e, &dir, files::location(&dir, "", Pos::START)).project(id));
            return state;
        }
    };
    let expected: Vec<&str> = Kind::PROJECT_FILES.iter().map(|k| k.file_name()).collect();
    for entry in &entries {
        let name = entry.name.as_str();
        let yamlish = is_yaml(name) || name.ends_with(".yml");
        if yamlish && !expected.contains(&name) {
            let mut f = Finding::new(
                Code::UnexpectedFile,
                format!("`{name}` is not one of a project folder's files and is not read"),
            )
            .at(files::location(&source::join(&dir, name), "", Pos::START))
            .project(id);
            let stem = name.trim_end_matches(".yaml").trim_end_matches(".yml");
            let guess =
                suggest::closest(stem, expected.iter().map(|e| e.trim_end_matches(".yaml")))
                    .map(|s| format!("{s}.yaml"))
                    .or_else(|| {
                        expected
                            .iter()
                            .find(|e| e.starts_with(stem))
                            .map(|s| s.to_string())
                    });
            f = match guess {
                Some(g) => f.help(format!("did you mean `{g}`?")),
                None => f.help(format!("a project folder holds {}", expected.join(", "))),
            };
            snap.findings.push(f);
        }
    }
    let before = snap.findings.len();
    let file = FileReader {
        source,
        dir: &dir,
        cap,
        cache,
    };
    state.project = file.typed(Kind::Project, snap);
    state.kpis = file.typed(Kind::Kpis, snap);
    state.results = file.typed(Kind::Results, snap);
    state.governance = file.typed(Kind::Governance, snap);
    state.decisions = file.typed(Kind::Decisions, snap);
    state.issues = file.typed(Kind::Issues, snap);
    for f in &mut snap.findings[before..] {
        f.project.get_or_insert_with(|| id.to_string());
    }
    state.tree = match source.folder_id(&dir) {
        Some(id) => Oid::from_str(&id).ok(),
        None => folder_tree(&dir, &entries, &snap.blobs),
    };
    state
}

/// The tree id git would give a folder of regular files whose blob ids are all known; `None`
/// when it holds anything else (a folder, a file not read). A file that is executable or a link
/// in git makes the id differ, which only means the folder is compared file by file.
fn folder_tree(dir: &str, entries: &[source::Entry], blobs: &HashMap<String, Oid>) -> Option<Oid> {
    let mut names: Vec<&str> = entries.iter().map(|e| e.name.as_str()).collect();
    // Git orders a tree's entries by name bytes (a folder as if its name ended in `/`; there
    // is none here).
    names.sort_unstable();
    let mut bytes = Vec::new();
    for entry in entries {
        if entry.kind != EntryKind::File {
            return None;
        }
    }
    for name in names {
        let blob = blobs.get(&source::join(dir, name))?;
        bytes.extend_from_slice(b"100644 ");
        bytes.extend_from_slice(name.as_bytes());
        bytes.push(0);
        bytes.extend_from_slice(blob.as_bytes());
    }
    Oid::hash_object(git2::ObjectType::Tree, &bytes).ok()
}

/// Lists a folder tollgate.yaml names (`key`). One that cannot be listed (not a folder, a link
/// leading outside the repository) is a finding and `None`; when tollgate.yaml sets the key, the
/// finding points there, since that is where the mistake is.
fn list_configured(
    source: &dyn Source,
    dir: &str,
    key: &str,
    sink: &mut Sink,
) -> Option<Vec<source::Entry>> {
    match source.list(dir) {
        Ok(entries) => Some(entries),
        Err(e) => {
            let config = Kind::Config.file_name();
            let pointer = format!("/{key}");
            let set_in_config = sink
                .files
                .get(config)
                .is_some_and(|f| f.spans().contains(&pointer));
            let at = if set_in_config {
                sink.files.value(config, &pointer)
            } else {
                files::location(dir, "", Pos::START)
            };
            let f = unlistable(&e, dir, at);
            sink.findings.push(if set_in_config {
                Finding {
                    message: format!("`{key}` in {config}: {}", f.message),
                    ..f
                }
            } else {
                f
            });
            None
        }
    }
}

/// The finding for a folder that cannot be listed.
fn unlistable(e: &SourceError, dir: &str, at: crate::findings::Location) -> Finding {
    match e {
        SourceError::Outside { target, .. } => Finding::new(
            Code::SymlinkOutsideRoot,
            format!("`{dir}` is refused: it leads to {target}, outside the repository"),
        )
        .at(at)
        .help("commit the folder itself into the governance repository"),
        SourceError::List { reason, .. } | SourceError::Root { reason, .. } => Finding::new(
            Code::FileUnreadable,
            format!("cannot list `{dir}`: {reason}"),
        )
        .at(at)
        .help("it must be a folder inside the repository"),
    }
}

/// Reads the files of one project folder.
struct FileReader<'a> {
    source: &'a dyn Source,
    dir: &'a str,
    cap: u64,
    cache: Option<&'a ParseCache>,
}

impl FileReader<'_> {
    fn typed<T: DeserializeOwned>(&self, kind: Kind, sink: &mut Sink) -> Option<Loaded<T>> {
        let path = source::join(self.dir, kind.file_name());
        read_typed(self.source, &path, kind, self.cap, self.cache, sink)
    }
}

fn is_yaml(name: &str) -> bool {
    name.ends_with(".yaml")
}

/// Reads, parses, validates and deserializes one file.
fn read_typed<T: DeserializeOwned>(
    source: &dyn Source,
    path: &str,
    kind: Kind,
    cap: u64,
    cache: Option<&ParseCache>,
    snap: &mut Sink,
) -> Option<Loaded<T>> {
    let doc = read_document(source, path, kind, cap, cache, snap)?;
    typed(doc, path, kind, snap)
}

/// people.yaml before the lookups that choose what is read of it are known.
enum RosterRead {
    /// Read whole, or not at all (with findings): a version parsed whole before, or not of the
    /// plain shape.
    Whole(Option<Loaded<People>>),
    /// Split into entries ([`roster::Index`]), by its blob id.
    Split(Arc<roster::Index>, Oid),
}

/// people.yaml read and split into entries, which needs no keys (or read whole: a version
/// parsed whole before, or one not of the plain shape, [`super::roster`]).
fn split_roster(
    source: &dyn Source,
    path: &str,
    cap: u64,
    cache: Option<&ParseCache>,
    sink: &mut Sink,
) -> RosterRead {
    let kind = Kind::People;
    let id = cache.and_then(|_| source.content_id(path));
    if let Some(cache) = cache
        && let Some(id) = &id
        && cache.get(id, kind, path).is_some()
    {
        return RosterRead::Whole(read_typed(source, path, kind, cap, Some(cache), sink));
    }
    // The version split into entries before (by another side of the comparison), else read
    // and split now.
    let known = cache.zip(id).and_then(|(c, id)| {
        let index = c.roster(&id)?;
        Some((index, Oid::from_str(&id).ok()?))
    });
    let (index, oid) = match known {
        Some(known) => known,
        None => {
            let Some((bytes, oid)) = read_bytes(source, path, kind, cap, sink) else {
                return RosterRead::Whole(None);
            };
            // The bytes move into the index; a text it refuses comes back to be read whole.
            let index = String::from_utf8(bytes)
                .map_err(|e| e.into_bytes())
                .and_then(|text| roster::Index::of(text).map_err(String::into_bytes));
            let (index, bytes) = match index {
                Ok(index) => (Some(Arc::new(index)), None),
                Err(bytes) => (None, Some(bytes)),
            };
            if let Some(cache) = cache {
                cache.keep_roster(&oid.to_string(), index.clone());
            }
            if let Some(bytes) = bytes {
                let doc = parse_read(source, path, kind, cap, cache, sink, bytes, oid);
                return RosterRead::Whole(doc.and_then(|doc| typed(doc, path, kind, sink)));
            }
            (index, oid)
        }
    };
    match index {
        Some(index) => RosterRead::Split(index, oid),
        // Not of the plain shape: read whole.
        None => RosterRead::Whole(read_typed(source, path, kind, cap, cache, sink)),
    }
}

/// people.yaml read only as far as lookups by `keys` need: of a roster split into entries
/// ([`split_roster`]), the ones that mention one of them.
fn read_roster_part(
    source: &dyn Source,
    path: &str,
    cap: u64,
    cache: Option<&ParseCache>,
    sink: &mut Sink,
    read: RosterRead,
    keys: &[&str],
) -> Option<Loaded<People>> {
    let kind = Kind::People;
    let (index, oid) = match read {
        RosterRead::Whole(loaded) => return loaded,
        RosterRead::Split(index, oid) => (index, oid),
    };
    let Some(part) = roster::select(path, &index, keys) else {
        // Every entry is needed: read whole.
        return read_typed(source, path, kind, cap, cache, sink);
    };
    sink.blobs.insert(path.to_string(), oid);
    let parsed = &part.parsed;
    if let Some(file) = &parsed.file {
        sink.files.insert(path.to_string(), file.clone());
    }
    // Findings point at entries as the whole file numbers them.
    sink.findings
        .extend(parsed.findings.iter().cloned().map(|mut f| {
            if let Some(at) = &mut f.location {
                at.pointer = part.pointer_in_file(&at.pointer);
            }
            f
        }));
    parsed.value.as_ref()?;
    let doc = Doc::Shared(Arc::clone(parsed));
    let loaded: Loaded<People> = typed(doc, path, kind, sink)?;
    Some(Loaded {
        path: loaded.path,
        data: loaded.data.with_unread(Arc::new(part.unread)),
    })
}

/// A validated document as its typed model; `None` (with a finding) when the model rejects it.
fn typed<T: DeserializeOwned>(
    doc: Doc,
    path: &str,
    kind: Kind,
    snap: &mut Sink,
) -> Option<Loaded<T>> {
    let typed = match doc {
        Doc::Owned(value) => serde_json::from_value::<T>(value),
        shared @ Doc::Shared(_) => T::deserialize(shared.value()),
    };
    match typed {
        Ok(data) => Some(Loaded {
            path: path.to_string(),
            data,
        }),
        Err(e) => {
            // The schema accepted what the model rejects: a defect in tollgate, reported rather
            // than hidden so that the file is not silently ignored.
            snap.findings.push(
                Finding::new(
                    Code::WrongType,
                    format!("cannot read this {} file: {e}", kind.name()),
                )
                .at(snap.files.value(path, ""))
                .help("this is a tollgate defect (schema and model disagree); please report it"),
            );
            None
        }
    }
}

/// A parsed document: owned, or shared with the cache (where a large people.yaml read by both
/// sides of a comparison is not copied to be deserialized).
enum Doc {
    Owned(Value),
    Shared(Arc<Parsed>),
}

impl Doc {
    fn value(&self) -> &Value {
        match self {
            Doc::Owned(v) => v,
            // `apply` makes a shared document only from a parse that has one.
            Doc::Shared(p) => p.value.as_ref().unwrap_or(&Value::Null),
        }
    }

    fn into_value(self) -> Value {
        match self {
            Doc::Owned(v) => v,
            Doc::Shared(p) => p.value.clone().unwrap_or(Value::Null),
        }
    }
}

/// Reads, parses and schema-validates one file; `None` (with findings) when any step fails.
/// With a cache and a source that knows content ids, a version parsed before is not re-read.
fn read_document(
    source: &dyn Source,
    path: &str,
    kind: Kind,
    cap: u64,
    cache: Option<&ParseCache>,
    snap: &mut Sink,
) -> Option<Doc> {
    // A source that knows ids (a commit) is asked first, so a cached version is not even read.
    if let Some(cache) = cache
        && let Some(id) = source.content_id(path)
        && let Some(parsed) = cache.get(&id, kind, path)
    {
        if let Ok(oid) = Oid::from_str(&id) {
            snap.blobs.insert(path.to_string(), oid);
        }
        return apply(path, parsed, snap);
    }
    let (bytes, oid) = read_bytes(source, path, kind, cap, snap)?;
    parse_read(source, path, kind, cap, cache, snap, bytes, oid)
}

/// A file's bytes and blob id; `None` with a finding when it is missing, too large or refused.
fn read_bytes(
    source: &dyn Source,
    path: &str,
    kind: Kind,
    cap: u64,
    snap: &mut Sink,
) -> Option<(Vec<u8>, Oid)> {
    let at_start = files::location(path, "", Pos::START);
    match source.read_identified(path, cap) {
        Ok(read) => Some(read),
        Err(ReadError::NotFound) => {
            snap.findings.push(
                Finding::new(Code::MissingFile, format!("missing {} file `{path}`", kind.name()))
                    .at(at_start.clone())
                    .help(format!(
                        "create it (see `tollgate schema {}`); write an empty list if there is nothing yet",
                        kind.name()
                    )),
            );
            None
        }
        Err(e @ ReadError::TooLarge { .. }) => {
            snap.findings.push(
                Finding::new(Code::FileTooLarge, format!("`{path}` is refused: {e}"))
                    .at(at_start)
                    .help("raise `max_file_bytes` in tollgate.yaml or --max-file-bytes if the file is genuine"),
            );
            None
        }
        Err(e @ ReadError::OutsideRoot { .. }) => {
            snap.findings.push(
                Finding::new(
                    Code::SymlinkOutsideRoot,
                    format!("`{path}` is refused: {e}"),
                )
                .at(at_start)
                .help("commit the file itself into the governance repository"),
            );
            None
        }
        Err(e @ ReadError::NotAFile { .. }) => {
            snap.findings.push(
                Finding::new(Code::FileUnreadable, format!("`{path}` is refused: {e}"))
                    .at(at_start)
                    .help(
                        "tollgate reads only regular files (or links to one inside the repository)",
                    ),
            );
            None
        }
        Err(ReadError::Io(reason)) => {
            snap.findings.push(
                Finding::new(
                    Code::FileUnreadable,
                    format!("cannot read `{path}`: {reason}"),
                )
                .at(at_start)
                .help("make it a readable regular file of the repository"),
            );
            None
        }
    }
}

/// [`read_document`] from the bytes read: parsed, or found parsed before under their blob id.
#[allow(clippy::too_many_arguments)]
fn parse_read(
    source: &dyn Source,
    path: &str,
    kind: Kind,
    cap: u64,
    cache: Option<&ParseCache>,
    snap: &mut Sink,
    bytes: Vec<u8>,
    oid: Oid,
) -> Option<Doc> {
    snap.blobs.insert(path.to_string(), oid);
    let id = oid.to_string();
    if let Some(cache) = cache
        && let Some(parsed) = cache.get(&id, kind, path)
    {
        return apply(path, parsed, snap);
    }
    let parsed = keep_text_if_needed(parse_bytes(path, bytes, kind), source, path, cap, oid);
    match cache {
        Some(cache) => {
            let parsed = Arc::new(parsed);
            cache.insert(&id, kind, path, Arc::clone(&parsed));
            apply(path, parsed, snap)
        }
        // Nothing keeps it: moved, not copied (a file can have a hundred thousand findings).
        None => {
            if let Some(file) = parsed.file {
                snap.files.insert(path.to_string(), file);
            }
            snap.findings.extend(parsed.findings);
            parsed.value.map(Doc::Owned)
        }
    }
}

/// A file without findings gives up its text when the source can read it again (see
/// [`SourceFile::forget_text`]): read again, the bytes must have the blob id first read, or no
/// text (and no position) is given rather than another version's.
fn keep_text_if_needed(
    mut parsed: Parsed,
    source: &dyn Source,
    path: &str,
    cap: u64,
    oid: Oid,
) -> Parsed {
    if !parsed.findings.is_empty() {
        return parsed;
    }
    if let Some(reread) = source.reread(path, cap)
        && let Some(file) = parsed.file.take()
    {
        let reopen: Reopen = Arc::new(move || {
            let (bytes, id) = reread().ok()?;
            if id != oid {
                return None;
            }
            String::from_utf8(bytes).ok().map(without_bom)
        });
        parsed.file = Some(file.forget_text(reopen));
    }
    parsed
}

/// Adds a parsed file's text and findings to the snapshot and returns its document.
fn apply(path: &str, parsed: Arc<Parsed>, snap: &mut Sink) -> Option<Doc> {
    if let Some(file) = &parsed.file {
        snap.files.insert(path.to_string(), file.clone());
    }
    snap.findings.extend(parsed.findings.iter().cloned());
    parsed.value.is_some().then_some(Doc::Shared(parsed))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{KpisFile, ResultsFile};
    use crate::source::MemoryTree;

    #[test]
    fn skip_projects_reads_only_config_and_policies() {
        let mut tree = MemoryTree::new("t");
        tree.insert("people.yaml", b"people: [".to_vec());
        tree.insert("policies/org.yaml", b"version: 1\nrules: []\n".to_vec());
        tree.insert("projects/p/project.yaml", b"not: [valid".to_vec());
        let options = LoadOptions {
            skip_projects: true,
            ..LoadOptions::default()
        };
        let snap = load(&tree, &options).expect("loads");
        assert!(snap.projects.is_empty());
        assert!(snap.partial);
        assert_eq!(snap.policies.len(), 1);
        // Neither the broken roster nor the broken project file was read.
        assert!(snap.findings.is_empty(), "{:?}", snap.findings);
        let full = load(&tree, &LoadOptions::default()).expect("loads");
        assert!(full.findings.iter().any(|f| f.code == Code::YamlSyntax));
    }

    /// The example with `extra` people entries appended to its roster, loaded with only the
    /// support project and read by `keys` (`None`: whole).
    fn example_roster(extra: &str, keys: Option<&[&str]>) -> (tempfile::TempDir, Snapshot) {
        let dir = tempfile::tempdir().expect("temp dir");
        crate::scaffold::write(dir.path(), false).expect("scaffold");
        let path = dir.path().join("people.yaml");
        let roster = std::fs::read_to_string(&path).expect("roster") + extra;
        std::fs::write(&path, roster).expect("write");
        let tree = crate::source::WorkTree::open(dir.path()).expect("opens");
        let options = LoadOptions {
            only_projects: Some(["support-reply-drafts".to_string()].into()),
            roster_keys: keys.map(|k| k.iter().map(|k| k.to_string()).collect()),
            ..LoadOptions::default()
        };
        let snap = load(&tree, &options).expect("loads");
        (dir, snap)
    }

    fn fillers(n: usize) -> String {
        (0..n)
            .map(|i| {
                format!(
                    "\n  - id: filler-{i:02}\n    name: Filler {i}\n    emails: [filler{i}@example.com]\n    github: filler{i}-gh\n"
                )
            })
            .collect()
    }

    /// Read by keys, a roster holds the entries that mention them or a person the projects
    /// read name, and answers every lookup (by id, e-mail, login, and the closest id) as the
    /// whole file does; debug builds also compare each answer with the whole file's.
    #[test]
    fn a_roster_read_in_part_answers_as_the_whole() {
        let extra = fillers(40);
        let (_a, part) = example_roster(&extra, Some(&["FILLER3@example.com"]));
        let (_b, whole) = example_roster(&extra, None);
        let (part, whole) = (
            &part.people.as_ref().expect("roster").data,
            &whole.people.as_ref().expect("roster").data,
        );
        assert!(part.is_partial() && !whole.is_partial());
        let ids: Vec<&str> = part.people.iter().map(|p| p.id.as_str()).collect();
        // The key's entry, and those of the people the support project names (its roles,
        // approvers and deciders), not the other fillers.
        assert!(
            ids.contains(&"filler-03") && ids.contains(&"yamamoto-kenji"),
            "{ids:?}"
        );
        assert!(!ids.contains(&"filler-04"), "{ids:?}");
        assert!(part.people.len() < whole.people.len() / 2);
        for id in [
            "filler-04",
            "filler-39",
            "kato-ryo",
            "nobody",
            "fill",
            "has space",
            "",
        ] {
            assert_eq!(part.get(id), whole.get(id), "{id}");
        }
        for email in [
            "Filler17@EXAMPLE.com",
            "filler3@example.com",
            "x@example.com",
            "example",
        ] {
            assert_eq!(part.by_email(email), whole.by_email(email), "{email}");
        }
        for login in ["FILLER21-gh", "nobody-gh"] {
            assert_eq!(part.by_github(login), whole.by_github(login), "{login}");
        }
        assert_eq!(part.everyone(), whole.people.as_slice());
    }

    /// An entry read is validated where it stands in the file; one left out is not (it is the
    /// same on both sides of the comparison, and the default branch's run reads it whole).
    #[test]
    fn only_entries_read_are_validated_at_their_own_lines() {
        let extra = format!(
            "{}\n  - id: bad-left-out\n    name: Bad\n    emails: [not-an-address]\n\n  - id: bad-read\n    name: Bad\n    emails: [also-not-an-address]\n",
            fillers(30)
        );
        let (_a, part) = example_roster(&extra, Some(&["bad-read"]));
        let on_roster: Vec<_> = part
            .findings
            .iter()
            .filter(|f| f.location.as_ref().is_some_and(|l| l.file == "people.yaml"))
            .collect();
        // The entry's own finding, and the references that could not be checked without a
        // roster (as when the whole file is read).
        let codes: Vec<Code> = on_roster.iter().map(|f| f.code).collect();
        assert_eq!(
            codes,
            [Code::CheckSkipped, Code::InvalidValue],
            "{on_roster:?}"
        );
        let at = on_roster[1].location.as_ref().expect("at");

        let file = std::fs::read_to_string(_a.path().join("people.yaml")).expect("roster");
        let line = file.lines().nth(at.line as usize - 1).expect("line");
        assert!(line.contains("also-not-an-address"), "{at:?}: {line}");
        let (_b, whole) = example_roster(&extra, None);
        assert!(whole.people.is_none(), "the whole file does not validate");
        // The same finding as the whole file's for that entry: line, column and pointer.
        let same = whole
            .findings
            .iter()
            .find(|f| f.message.contains("also-not-an-address"))
            .and_then(|f| f.location.as_ref());
        assert_eq!(same, Some(at));
    }

    /// A file of the working tree that had no finding is not kept in memory: its text is read
    /// again when a location in it is first asked for, and only if it still holds what was
    /// judged (else no position rather than another version's).
    #[test]
    fn texts_of_clean_files_are_read_again_only_as_they_were() {
        let dir = tempfile::tempdir().expect("temp dir");
        let policy = "version: 1\nrules: []\n";
        std::fs::create_dir(dir.path().join("policies")).expect("mkdir");
        std::fs::write(dir.path().join("policies/org.yaml"), policy).expect("write");
        let tree = crate::source::WorkTree::open(dir.path()).expect("opens");
        let options = LoadOptions {
            skip_projects: true,
            ..LoadOptions::default()
        };
        let same = load(&tree, &options).expect("loads");
        let changed = load(&tree, &options).expect("loads");
        assert!(same.findings.is_empty(), "{:?}", same.findings);
        let file = same.files.get("policies/org.yaml").expect("registered");
        assert_eq!(file.text().as_deref(), Some(policy));
        assert_eq!(same.files.value("policies/org.yaml", "/rules").line, 2);
        assert_eq!(
            same.files.line("policies/org.yaml", 2).as_deref(),
            Some("rules: []")
        );

        std::fs::write(
            dir.path().join("policies/org.yaml"),
            "version: 1\n\n\nrules: []\n",
        )
        .expect("write");
        let file = changed.files.get("policies/org.yaml").expect("registered");
        assert_eq!(file.text(), None, "another version's text was taken");
        let at = changed.files.value("policies/org.yaml", "/rules");
        assert_eq!((at.line, at.column), (1, 1));
        assert_eq!(changed.files.line("policies/org.yaml", 4), None);
    }

    /// The loader validates against the schema first, so it accepts exactly what the schema
    /// accepts as long as the typed model takes every number the schema lets through: none may
    /// end in "cannot read this file" (a defect). The model's own limits are the schema's.
    #[test]
    fn schemas_and_model_agree_on_every_number() {
        use serde_json::json;
        let numbers = [
            json!(0),
            json!(1),
            json!(12),
            json!(12.0),
            json!(12.5),
            json!(-1),
            json!(-0.0),
            json!(1e-300),
            json!(1e20),
            json!(1.5e300),
            json!(crate::model::MAX_COUNT),
            json!(crate::model::MAX_COUNT + 1),
            json!(u64::MAX),
            json!(i64::MIN),
            json!("12"),
            json!(null),
        ];
        fn agree<T: DeserializeOwned>(kind: Kind, doc: &Value, what: &str) {
            let schema_ok =
                super::super::schema::validate(kind, doc, "f.yaml", &Files::default()).is_empty();
            let model = serde_json::from_value::<T>(doc.clone());
            assert!(
                !schema_ok || model.is_ok(),
                "{what}: the schema accepts it, the model says {:?}",
                model.err()
            );
        }
        let result = |key: &str, v: &Value| {
            let mut r = json!({"id": "r", "kpi": "k", "gate": "poc", "successes": 1, "n": 2,
                "dataset": {"id": "d", "kind": "test"}, "measured_at": "2026-01-01"});
            r[key] = v.clone();
            json!({ "results": [r] })
        };
        let kpi = |unit: &str, key: &str, v: &Value| {
            let mut c = json!({"threshold": 1, "stop": 0, "min_samples": 1});
            c[key] = v.clone();
            json!({"kpis": [{"id": "k", "name": "K", "layer": "quantitative", "unit": unit,
                "direction": "higher-is-better", "criteria": {"poc": c}}]})
        };
        for v in &numbers {
            for key in ["successes", "n", "value"] {
                agree::<ResultsFile>(Kind::Results, &result(key, v), &format!("result {key} {v}"));
            }
            for unit in ["percent", "ratio", "seconds", "score"] {
                for key in ["threshold", "stop", "min_samples"] {
                    agree::<KpisFile>(Kind::Kpis, &kpi(unit, key, v), &format!("{unit} {key} {v}"));
                }
            }
            for key in ["version", "max_file_bytes"] {
                let mut c = json!({});
                c[key] = v.clone();
                agree::<Config>(Kind::Config, &c, &format!("config {key} {v}"));
            }
        }
    }
}
