//! The example repository `tollgate init` writes: two projects from the source article (one in
//! PoC, one in MVP), the roster, a workflow, and the editor setup (docs/editors.md). The files
//! live in `scaffold/` at the top of this crate and are embedded here, so the shipped example and
//! the tested example are the same bytes; the editor schemas are the binary's own.

use std::path::{Path, PathBuf};

use crate::load::schema_files;

macro_rules! files {
    ($( $path:literal ),* $(,)?) => {
        /// (repository-relative path, contents) of every file of the example.
        pub const FILES: &[(&str, &str)] = &[
            $( ($path, include_str!(concat!("../scaffold/", $path))), )*
        ];
    };
}

files![
    ".github/workflows/tollgate.yml",
    ".vscode/extensions.json",
    ".vscode/settings.json",
    "README.md",
    "people.yaml",
    "projects/contract-review-assist/decisions.yaml",
    "projects/contract-review-assist/governance.yaml",
    "projects/contract-review-assist/issues.yaml",
    "projects/contract-review-assist/kpis.yaml",
    "projects/contract-review-assist/project.yaml",
    "projects/contract-review-assist/results.yaml",
    "projects/support-reply-drafts/decisions.yaml",
    "projects/support-reply-drafts/governance.yaml",
    "projects/support-reply-drafts/issues.yaml",
    "projects/support-reply-drafts/kpis.yaml",
    "projects/support-reply-drafts/project.yaml",
    "projects/support-reply-drafts/results.yaml",
    "tollgate.yaml",
];

/// Why the example could not be written.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Files the example would overwrite (without `--force`); nothing was written.
    #[error("files already exist")]
    Exists(Vec<PathBuf>),
    /// A folder of the example inside the target is a symbolic link; nothing was written.
    #[error(
        "{0} is a symbolic link; refusing to write through it (remove it, or give the folder it leads to)"
    )]
    LinkedFolder(PathBuf),
    /// A file could not be written.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

/// Every file of the example, (repository-relative path, contents): [`FILES`], then the file
/// kinds' schemas in `.tollgate/schemas/` that the first line of each YAML file and
/// `.vscode/settings.json` point editors to.
pub fn files() -> Vec<(String, &'static str)> {
    FILES
        .iter()
        .map(|(rel, text)| (rel.to_string(), *text))
        .chain(
            schema_files::files()
                .map(|(name, text)| (format!("{}/{name}", schema_files::DIR), text)),
        )
        .collect()
}

/// Writes the example under `dir`. Without `force`, nothing is written when any file exists.
///
/// `--force` is run over folders that already hold a repository, whose entries a pull request
/// can have made symbolic links (git stores them). So a link is never written through: a file
/// of the example that is a link is replaced by a regular file (the link's target is left
/// alone), and a folder of the example (below `dir`) that is a link stops the run before
/// anything is written.
pub fn write(dir: &Path, force: bool) -> Result<Vec<PathBuf>, Error> {
    let targets: Vec<(PathBuf, &str)> = files()
        .into_iter()
        .map(|(rel, text)| (dir.join(rel), text))
        .collect();
    if let Some(folder) = linked_folder(dir, &targets) {
        return Err(Error::LinkedFolder(folder));
    }
    if !force {
        let existing: Vec<PathBuf> = targets
            .iter()
            .filter(|(p, _)| p.symlink_metadata().is_ok())
            .map(|(p, _)| p.clone())
            .collect();
        if !existing.is_empty() {
            return Err(Error::Exists(existing));
        }
    }
    let mut written = Vec::new();
    for (path, text) in targets {
        let io = |source| Error::Io {
            path: path.clone(),
            source,
        };
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io)?;
        }
        if is_link(&path) {
            std::fs::remove_file(&path).map_err(io)?;
        }
        std::fs::write(&path, text).map_err(io)?;
        written.push(path);
    }
    Ok(written)
}

/// The first folder between `dir` and a file of the example that is a symbolic link.
fn linked_folder(dir: &Path, targets: &[(PathBuf, &str)]) -> Option<PathBuf> {
    targets.iter().find_map(|(path, _)| {
        path.strip_prefix(dir)
            .ok()?
            .parent()?
            .ancestors()
            .filter(|rel| !rel.as_os_str().is_empty())
            .map(|rel| dir.join(rel))
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .find(|folder| is_link(folder))
    })
}

fn is_link(path: &Path) -> bool {
    path.symlink_metadata()
        .is_ok_and(|m| m.file_type().is_symlink())
}
