//! `projects/<id>/results.yaml`: measurements, each evidence for one KPI at one gate.

use serde::Deserialize;

use super::date::Date;
use super::gate::Gate;
use super::number::{Decimal, optional_count};

#[derive(Clone, Debug, Default, Deserialize, serde::Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ResultsFile {
    pub results: Vec<MeasuredResult>,
}

#[derive(Clone, Debug, Deserialize, serde::Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct MeasuredResult {
    pub id: String,
    pub kpi: String,
    pub gate: Gate,
    #[serde(default)]
    pub value: Option<Decimal>,
    #[serde(default, deserialize_with = "optional_count")]
    pub successes: Option<u64>,
    #[serde(default, deserialize_with = "optional_count")]
    pub n: Option<u64>,
    pub dataset: Dataset,
    pub measured_at: Date,
    #[serde(default)]
    pub measured_by: Option<String>,
    #[serde(default)]
    pub evidence: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Clone, Debug, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Dataset {
    pub id: String,
    pub kind: DatasetKind,
}

#[derive(Clone, Copy, Debug, Deserialize, serde::Serialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum DatasetKind {
    Test,
    ProductionLike,
    Production,
}

impl DatasetKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DatasetKind::Test => "test",
            DatasetKind::ProductionLike => "production-like",
            DatasetKind::Production => "production",
        }
    }
}
