//! `projects/<id>/decisions.yaml`: the append-only record of gate decisions.

use serde::Deserialize;

use super::date::Date;
use super::gate::{Gate, Outcome};

/// decisions.yaml: the append-only record of a project's gate decisions.
#[derive(Clone, Debug, Default, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct DecisionsFile {
    /// Recorded gate decisions, oldest first.
    pub decisions: Vec<Decision>,
}

/// One gate decision.
#[derive(Clone, Debug, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    /// Decision id.
    pub id: String,
    /// The gate decided.
    pub gate: Gate,
    /// The decision.
    pub outcome: Outcome,
    /// Who took the decision.
    pub decided_by: String,
    /// When the decision was taken.
    pub decided_at: Date,
    /// Why.
    pub rationale: String,
    /// Present when the decision departs from what the pre-agreed criteria recommend.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub r#override: Option<Override>,
    /// Id of an earlier decision this one replaces.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supersedes: Option<String>,
}

/// Why a decision departs from what the agreed criteria recommend.
#[derive(Clone, Debug, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Override {
    /// Why the decision departs from the criteria.
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
