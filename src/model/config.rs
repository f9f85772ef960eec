//! `tollgate.yaml`: where things are in the checked repository and a few limits.

use serde::Deserialize;

use super::number::count;

/// Repository configuration; every key has a default, and the file itself is optional.
#[derive(Clone, Debug, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    #[serde(deserialize_with = "count")]
    pub version: u64,
    pub projects_dir: String,
    pub people_file: String,
    pub policy_dir: String,
    #[serde(deserialize_with = "count")]
    pub max_file_bytes: u64,
    /// Where history checks start (a revision), for repositories adopted with older history.
    pub history_since: Option<String>,
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
        }
    }
}
