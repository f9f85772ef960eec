//! `tollgate.yaml`: where things are in the checked repository and a few limits.

use serde::Deserialize;

use super::number::count;

/// Repository configuration; every key has a default, and the file itself is optional.
#[derive(Clone, Debug, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Version of this file format.
    #[serde(deserialize_with = "count")]
    pub version: u64,
    /// Folder that holds one sub-folder per project, each named after the project id.
    pub projects_dir: String,
    /// Path of the roster of people.
    pub people_file: String,
    /// Folder of the organisation's gate policies.
    pub policy_dir: String,
    /// Largest file, in bytes, that tollgate will read.
    #[serde(deserialize_with = "count")]
    pub max_file_bytes: u64,
    /// Where history checks start (a revision), for repositories adopted with older history.
    pub history_since: Option<String>,
    /// What proves a sign-off: a verified signature or approval only (`verified`), or also a
    /// matching commit e-mail (`email`, a warning). Absent: `verified` in GitHub Actions,
    /// `email` elsewhere. A change cannot loosen it for itself (see `history::proof`).
    pub signoff_proof: Option<SignoffProof>,
}

/// How strictly sign-offs must be proven (tollgate.yaml `signoff_proof`).
#[derive(
    Clone, Copy, Debug, Default, Deserialize, serde::Serialize, PartialEq, Eq, PartialOrd, Ord,
)]
#[serde(rename_all = "lowercase")]
pub enum SignoffProof {
    /// A commit e-mail that matches the entitled person is accepted, with a warning that says
    /// what would prove it.
    #[default]
    Email,
    /// Only a verified commit signature or an approving review proves a sign-off; an e-mail
    /// match alone is an error.
    Verified,
}

impl SignoffProof {
    /// The setting as tollgate.yaml writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            SignoffProof::Email => "email",
            SignoffProof::Verified => "verified",
        }
    }
}

/// 4 MiB: governance files are kilobytes; anything near this is a mistake or an attack.
pub const DEFAULT_MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

impl Default for Config {
    fn default() -> Self {
        Config {
            version: 1,
            projects_dir: "projects".into(),
            people_file: "people.yaml".into(),
            policy_dir: "policies".into(),
            max_file_bytes: DEFAULT_MAX_FILE_BYTES,
            history_since: None,
            signoff_proof: None,
        }
    }
}
