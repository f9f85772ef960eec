//! `projects/<id>/results.yaml`: measurements, each evidence for one KPI at one gate.

use serde::Deserialize;

use super::date::Date;
use super::gate::Gate;
use super::number::{Decimal, optional_count};

/// results.yaml: the project's measurements.
#[derive(Clone, Debug, Default, Deserialize, serde::Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ResultsFile {
    /// The project's measurements.
    pub results: Vec<MeasuredResult>,
}

/// One measurement of a KPI at a gate.
#[derive(Clone, Debug, Deserialize, serde::Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct MeasuredResult {
    /// Result id.
    pub id: String,
    /// The id of the KPI in kpis.yaml this result measures.
    pub kpi: String,
    /// The gate this measurement is evidence for.
    pub gate: Gate,
    /// The measured value in the KPI's unit (percent 0-100, ratio 0-1, a score ...).
    #[serde(default)]
    pub value: Option<Decimal>,
    /// For a rate: how many of the n cases succeeded.
    #[serde(default, deserialize_with = "optional_count")]
    pub successes: Option<u64>,
    /// Number of cases the result rests on.
    #[serde(default, deserialize_with = "optional_count")]
    pub n: Option<u64>,
    /// The data the measurement was taken on.
    pub dataset: Dataset,
    /// When the measurement was taken.
    pub measured_at: Date,
    /// Who took the measurement.
    #[serde(default)]
    pub measured_by: Option<String>,
    /// Link to the evaluation report, notebook or run that backs the number.
    #[serde(default)]
    pub evidence: Option<String>,
    /// Anything a reviewer should know about the measurement.
    #[serde(default)]
    pub note: Option<String>,
}

/// The data a measurement was taken on.
#[derive(Clone, Debug, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Dataset {
    /// Dataset id, ideally the id of a data source in project.yaml.
    pub id: String,
    /// What kind of data it is: test, production-like or production.
    pub kind: DatasetKind,
}

/// What kind of data a measurement was taken on.
#[derive(Clone, Copy, Debug, Deserialize, serde::Serialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum DatasetKind {
    /// A test set.
    Test,
    /// Data like production's, but not from operation.
    ProductionLike,
    /// Data from operation.
    Production,
}

impl DatasetKind {
    /// The kind as the files write it.
    pub fn as_str(self) -> &'static str {
        match self {
            DatasetKind::Test => "test",
            DatasetKind::ProductionLike => "production-like",
            DatasetKind::Production => "production",
        }
    }
}
