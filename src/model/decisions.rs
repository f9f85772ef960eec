//! `projects/<id>/decisions.yaml`: the append-only record of gate decisions.

use serde::Deserialize;

use super::date::Date;
use super::gate::{Gate, Outcome};

#[derive(Clone, Debug, Default, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct DecisionsFile {
    pub decisions: Vec<Decision>,
}

#[derive(Clone, Debug, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    pub id: String,
    pub gate: Gate,
    pub outcome: Outcome,
    pub decided_by: String,
    pub decided_at: Date,
    pub rationale: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub r#override: Option<Override>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supersedes: Option<String>,
}

/// Why a decision departs from what the agreed criteria recommend.
#[derive(Clone, Debug, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Override {
    pub reason: String,
}

impl DecisionsFile {
    /// The decision in force for a gate: the last one recorded for it (later entries supersede).
    pub fn latest(&self, gate: Gate) -> Option<(usize, &Decision)> {
        self.decisions
            .iter()
            .enumerate()
            .rev()
            .find(|(_, d)| d.gate == gate)
    }
}
